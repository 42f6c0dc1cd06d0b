"use client";

import { useState } from "react";
import { messageOf } from "@/components/api";
import { bulkDecision, type BulkOutcome } from "@/components/data/review";

type Decision = "accept" | "reject";

/** Why some items the filter selects would not change. */
function skippedText({ skipped }: BulkOutcome): string {
  const parts = [
    skipped.decided && `${skipped.decided} decided already`,
    skipped.claimed && `${skipped.claimed} being reviewed by someone else`,
    skipped.failingTests && `${skipped.failingTests} with failing tests (accept those one by one)`,
  ].filter(Boolean);
  return parts.length ? `; skipped: ${parts.join(", ")}` : "";
}

/**
 * Accept or reject every item the queue's filters select, in two steps: first the exact count it
 * would change (and what it would skip, and why), then a confirmation naming that count. The server
 * decides them in one transaction, as one audited action, and refuses if the count moved meanwhile.
 */
export function BulkDecision({
  slug,
  filter,
  onDone,
}: {
  slug: string;
  filter: Record<string, string>;
  onDone: (message: string) => Promise<void>;
}) {
  const [count, setCount] = useState<{ decision: Decision; outcome: BulkOutcome } | null>(null);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const ask = (decision: Decision) =>
    run(async () => setCount({ decision, outcome: await bulkDecision(slug, { decision, filter, dryRun: true }) }));
  const confirm = () =>
    run(async () => {
      if (!count) return;
      const { decision, outcome } = count;
      const done = await bulkDecision(slug, {
        decision,
        filter,
        dryRun: false,
        expected: outcome.changed,
        ...(decision === "reject" ? { comment: reason.trim() } : {}),
      });
      setCount(null);
      setReason("");
      await onDone(`${decision === "accept" ? "Accepted" : "Rejected"} ${done.changed} item(s) in one action${skippedText(done)}.`);
    });

  const verb = count?.decision === "reject" ? "Reject" : "Accept";
  return (
    <div className="space-y-2 text-sm" data-testid="bulk-decision">
      {!count ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-slate-600">All items matching these filters:</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => void ask("accept")}
            className="rounded-md border border-emerald-700 px-3 py-1 text-emerald-800 hover:bg-emerald-50 disabled:opacity-50"
          >
            Accept all matching…
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void ask("reject")}
            className="rounded-md border border-rose-300 px-3 py-1 text-rose-800 hover:bg-rose-50 disabled:opacity-50"
          >
            Reject all matching…
          </button>
        </div>
      ) : (
        <form
          role="alertdialog"
          aria-label={`${verb} all matching`}
          className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-3"
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <span data-testid="bulk-count">
            {count.outcome.changed} item(s) would be {count.decision === "accept" ? "accepted" : "rejected"}, of {count.outcome.matched}{" "}
            matching
            {skippedText(count.outcome)}.
          </span>
          {count.decision === "reject" && count.outcome.changed > 0 && (
            <label className="flex min-w-0 flex-1 items-center gap-2">
              <span>Why?</span>
              <input
                required
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1"
              />
            </label>
          )}
          {count.outcome.changed > 0 && (
            <button
              type="submit"
              disabled={busy || (count.decision === "reject" && !reason.trim())}
              className="rounded-md bg-slate-900 px-3 py-1 font-medium text-white disabled:opacity-50"
            >
              {verb} {count.outcome.changed} item(s)
            </button>
          )}
          <button type="button" onClick={() => setCount(null)} className="rounded-md border border-slate-300 bg-white px-3 py-1">
            Cancel
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-rose-700">
          {error}
        </p>
      )}
    </div>
  );
}
