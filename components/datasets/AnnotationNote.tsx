import { describeAgreementRemoved, type AnnotationProvenance } from "@/lib/datasets/version-types";

/**
 * How a version's items were decided, in one line: the agreeing decisions its cut required and what
 * that left out, how many items several annotators decided, how many a curator adjudicated (the
 * agreement figures are in the dataset card). Versions with no decided item show nothing.
 */
export function AnnotationNote({ annotation }: { annotation: AnnotationProvenance | null | undefined }) {
  if (!annotation) return null;
  const removed = describeAgreementRemoved(annotation);
  const { multiAnnotated, adjudicated } = annotation.items;
  return (
    <p className="text-sm text-slate-600" data-testid="version-annotation">
      <span className="font-medium text-slate-700">Annotation:</span>{" "}
      {annotation.minAgreeingDecisions !== null && (
        <span data-testid="version-agreeing">
          at least {annotation.minAgreeingDecisions} agreeing decision{annotation.minAgreeingDecisions === 1 ? "" : "s"} required
          {removed ? ` (left out ${removed})` : ""} ·{" "}
        </span>
      )}
      {multiAnnotated} item{multiAnnotated === 1 ? "" : "s"} decided by two or more annotators · {adjudicated} adjudicated by a curator
    </p>
  );
}
