"use client";

import type { CandidateDetail } from "@/lib/review/candidate-types";

type Entry = CandidateDetail["history"][number];

const VERB: Record<Entry["kind"], string> = { ACCEPT: "Accepted", REJECT: "Rejected", REOPEN: "Reopened" };
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "medium" });

/** One line of the history: who did what, on which revision, when, and why. */
const line = (entry: Entry) =>
  `${VERB[entry.kind]} by ${entry.by} ${entry.revision !== null ? `(revision ${entry.revision}) ` : ""}at ${when(entry.at)}${entry.note ? `: ${entry.note}` : ""}`;

/**
 * Where the item stands: a decision refused by the server (its 409, as it said it), the decision
 * that stands with a way to reopen it, and every earlier decision and reopening, none overwritten.
 */
export function DecisionHistory({
  detail,
  refused,
  mayReview,
  onReopen,
}: {
  detail: CandidateDetail;
  refused: string | null;
  mayReview: boolean;
  onReopen: () => void;
}) {
  const standing = detail.reviewStatus !== "PENDING" ? detail.history.at(-1) : undefined;
  const earlier = standing ? detail.history.slice(0, -1) : detail.history;
  return (
    <>
      {refused && (
        <p role="alert" data-testid="decision-refused" className="rounded border border-rose-300 bg-rose-50 px-2 py-1 text-rose-900">
          {refused}
        </p>
      )}
      {standing && standing.kind !== "REOPEN" && (
        <div
          data-testid="decision-standing"
          data-decision={standing.kind}
          className="flex flex-wrap items-center gap-2 rounded border border-slate-200 bg-slate-50 px-2 py-1"
        >
          <span>{line(standing)}</span>
          {mayReview && (
            <button
              type="button"
              data-testid="reopen"
              onClick={onReopen}
              className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
            >
              Reopen (o)
            </button>
          )}
        </div>
      )}
      {earlier.length > 0 && (
        <details open className="text-xs text-slate-600" data-testid="decision-history">
          <summary>History ({earlier.length})</summary>
          <ol className="list-inside list-decimal">
            {earlier.map((entry) => (
              <li key={`${entry.kind}:${entry.at}`}>{line(entry)}</li>
            ))}
          </ol>
        </details>
      )}
    </>
  );
}
