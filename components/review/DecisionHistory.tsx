"use client";

import type { CandidateDetail } from "@/lib/review/candidate-types";

type Entry = CandidateDetail["history"][number];

const VERB: Record<Entry["kind"], string> = { ACCEPT: "Accepted", REJECT: "Rejected", REOPEN: "Reopened" };
const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "medium" });

/** One line of the history: who did what, on which revision, when, and why. */
const line = (entry: Entry) =>
  `${VERB[entry.kind]}${entry.adjudication ? " in adjudication" : ""} by ${entry.by} ${entry.revision !== null ? `(revision ${entry.revision}) ` : ""}at ${when(entry.at)}${entry.note ? `: ${entry.note}` : ""}`;

/**
 * Where the item stands: a decision refused by the server (its 409, as it said it), the decision
 * that stands (who, on which revision, when, and a rejection's reason), that annotators disagree, or
 * that none stands yet, and every earlier decision and reopening, none overwritten.
 */
export function DecisionHistory({ detail, refused }: { detail: CandidateDetail; refused: string | null }) {
  // A disputed item has no decision that stands yet: its annotators' decisions wait for a curator.
  const standing = detail.reviewStatus === "ACCEPTED" || detail.reviewStatus === "REJECTED" ? detail.history.at(-1) : undefined;
  const earlier = standing ? detail.history.slice(0, -1) : detail.history;
  return (
    <>
      {refused && (
        <p role="alert" data-testid="decision-refused" className="rounded border border-rose-300 bg-rose-50 px-2 py-1 text-rose-900">
          {refused}
        </p>
      )}
      {standing && standing.kind !== "REOPEN" ? (
        <div
          data-testid="decision-standing"
          data-decision={standing.kind}
          className={`rounded border px-2 py-1 ${standing.kind === "REJECT" ? "border-rose-200 bg-rose-50" : "border-emerald-200 bg-emerald-50"}`}
        >
          <span>{line({ ...standing, note: null })}</span>
          {standing.note && (
            <p className="whitespace-pre-wrap break-words" data-testid="decision-reason">
              {standing.kind === "REJECT" ? "Reason" : "Comment"}: {standing.note}
            </p>
          )}
        </div>
      ) : detail.reviewStatus === "DISPUTED" ? (
        <p data-testid="decision-disputed" className="rounded border border-violet-200 bg-violet-50 px-2 py-1 text-violet-950">
          Disputed: the annotators disagree; a curator&apos;s decision settles it.
        </p>
      ) : (
        <p data-testid="decision-standing-none" className="text-xs text-slate-600">
          Not decided yet
          {detail.annotation.decided > 0
            ? ` (${detail.annotation.decided} of ${detail.annotation.required} annotators have decided)`
            : detail.history.some((entry) => entry.kind === "REOPEN")
              ? " (reopened: see the history)"
              : ""}
          .
        </p>
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
