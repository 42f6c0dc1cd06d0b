"use client";

import { useState } from "react";
import { RubricAnswersView } from "@/components/review/RubricForm";
import type { AnnotationDecision, ItemAnnotation } from "@/lib/review/annotation-types";

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

/** One annotator's decision as a card: what, by whom, on which revision, their comment and rubric answers. */
export function AnnotationCard({ decision, rubric }: { decision: AnnotationDecision; rubric: ItemAnnotation["rubric"] }) {
  const accepted = decision.decision === "ACCEPT";
  return (
    <section
      className={`min-w-0 space-y-1 rounded border p-2 ${accepted ? "border-emerald-200 bg-emerald-50" : "border-rose-200 bg-rose-50"}`}
      data-testid="annotation-decision"
      data-decision={decision.decision}
      data-by={decision.by}
    >
      <h4 className="text-sm">
        <span className="font-medium">{accepted ? "Accepted" : "Rejected"}</span> by {decision.by}
        {decision.kind === "ADJUDICATION" ? " (curator)" : ""}
      </h4>
      <p className="text-xs text-slate-600">
        revision {decision.revision} · {when(decision.at)}
      </p>
      {decision.comment && (
        <p className="whitespace-pre-wrap break-words text-sm" data-testid="annotation-comment">
          {decision.comment}
        </p>
      )}
      {rubric.length > 0 && <RubricAnswersView rubric={rubric} answers={decision.rubric} />}
    </section>
  );
}

/**
 * A curator's panel on a disputed item: every annotator's decision, comment and rubric answers side
 * by side, then the final decision with a comment (a rejection needs one, as an annotator's does).
 * Accepting an item whose tests fail needs the box ticked, as the prompt asks annotators. A refusal
 * (someone adjudicated first, the revision changed) shows above, where the item says where it stands.
 */
export function AdjudicationPanel({
  annotation,
  failingTests,
  blocked,
  onAdjudicate,
}: {
  annotation: ItemAnnotation;
  /** The current revision's failing test status, when its tests fail. */
  failingTests: string | null;
  /** Another reviewer holds the item. */
  blocked: boolean;
  onAdjudicate: (decision: "accept" | "reject", options: { comment?: string; acceptFailing: boolean }) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const [acceptFailing, setAcceptFailing] = useState(false);
  const [sending, setSending] = useState(false);
  const annotations = annotation.decisions.filter((d) => d.kind === "ANNOTATION");
  const send = async (decision: "accept" | "reject") => {
    setSending(true);
    try {
      await onAdjudicate(decision, { comment: comment.trim() || undefined, acceptFailing });
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="space-y-2 rounded-md border border-violet-300 bg-violet-50 p-3 text-sm" data-testid="adjudication-panel">
      <h3 className="font-medium text-violet-950">
        Disputed: {annotations.length} annotators disagree. Your decision is final; theirs stay on record with it.
      </h3>
      <div className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
        {annotations.map((decision) => (
          <AnnotationCard key={decision.id} decision={decision} rubric={annotation.rubric} />
        ))}
      </div>
      <label className="block">
        <span className="text-xs text-slate-700">Your comment (a rejection needs one)</span>
        <textarea
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          maxLength={4000}
          rows={2}
          className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1"
          data-testid="adjudication-comment"
        />
      </label>
      {failingTests && (
        <label className="flex items-center gap-2 text-amber-900">
          <input type="checkbox" checked={acceptFailing} onChange={(event) => setAcceptFailing(event.target.checked)} />
          Its tests do not pass ({failingTests.toLowerCase()}): accept it anyway (recorded)
        </label>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          disabled={blocked || sending || Boolean(failingTests && !acceptFailing)}
          onClick={() => void send("accept")}
          className="rounded-md border border-emerald-700 bg-emerald-700 px-3 py-1 font-medium text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:opacity-50"
          data-testid="adjudicate-accept"
        >
          Accept, final
        </button>
        <button
          type="button"
          disabled={blocked || sending || !comment.trim()}
          onClick={() => void send("reject")}
          className="rounded-md border border-rose-300 bg-rose-50 px-3 py-1 text-rose-900 hover:bg-rose-100 disabled:cursor-not-allowed disabled:opacity-50"
          data-testid="adjudicate-reject"
        >
          Reject, final
        </button>
      </div>
    </section>
  );
}
