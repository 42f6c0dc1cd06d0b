"use client";

import { AnnotationCard } from "@/components/review/AdjudicationPanel";
import type { ItemAnnotation } from "@/lib/review/annotation-types";

/**
 * Where an item that wants several annotators stands: how many have decided, and the decisions the
 * viewer may see. While it is pending an annotator sees only their own (blind review: the server
 * sends no other); curators see every one, and everyone does once it is final or disputed. On a
 * disputed item a curator's adjudication panel shows them instead.
 */
export function AnnotationStatus({ annotation, reviewStatus }: { annotation: ItemAnnotation; reviewStatus: string }) {
  if (annotation.required <= 1 && annotation.decisions.length <= 1) return null;
  // How many have decided is said where the item says it is not decided yet (DecisionHistory).
  const pending = reviewStatus === "PENDING";
  const others = annotation.decisions.filter((d) => d.id !== annotation.mine?.id);
  // Only their own decision came: the others are hidden from this annotator until the item is settled.
  const blind = pending && annotation.mine !== null && !others.length;
  const shown = annotation.canAdjudicate || blind ? [] : annotation.decisions;
  return (
    <section className="space-y-2" data-testid="annotation-status" data-decided={annotation.decided} data-required={annotation.required}>
      {blind && (
        <p className="text-xs text-slate-700" data-testid="annotation-blind">
          Your decision is in; the others&apos; show once the item is settled (blind review).
        </p>
      )}
      {blind && annotation.mine && (
        <div className="grid gap-2 sm:grid-cols-2" data-testid="annotation-mine">
          <AnnotationCard decision={annotation.mine} rubric={annotation.rubric} />
        </div>
      )}
      {shown.length > 0 && (
        <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3" data-testid="annotation-decisions">
          {shown.map((decision) => (
            <AnnotationCard key={decision.id} decision={decision} rubric={annotation.rubric} />
          ))}
        </div>
      )}
    </section>
  );
}
