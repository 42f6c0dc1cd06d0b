"use client";

import { useState } from "react";

/** What the reviewer is asked before a decision: a reason to reject or to reopen, or to confirm accepting failing tests. */
export type PendingDecision = { kind: "reject" } | { kind: "reopen" } | { kind: "accept-failing"; status: string };

/**
 * Asks inline, in the page, with the keyboard: the reason field (or the confirm button) takes focus,
 * Enter decides, Escape lets it go. The answer goes to the decision (or reopen) route.
 */
export function DecisionPrompt({
  pending,
  onDecide,
  onCancel,
}: {
  pending: PendingDecision;
  onDecide: (comment?: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };
  if (pending.kind === "accept-failing") {
    return (
      <div
        role="alertdialog"
        aria-label="Accept failing item"
        className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
        data-testid="decision-prompt"
        onKeyDown={onKeyDown}
      >
        <span>Its tests do not pass ({pending.status.toLowerCase()}). Accept it anyway? This is recorded.</span>
        <button
          type="button"
          autoFocus
          onClick={() => onDecide()}
          className="rounded-md bg-amber-600 px-3 py-1 font-medium text-white hover:bg-amber-700"
          data-testid="decision-confirm"
        >
          Accept anyway
        </button>
        <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-white">
          Cancel (Esc)
        </button>
      </div>
    );
  }
  const reopening = pending.kind === "reopen";
  return (
    <form
      className={`flex flex-wrap items-center gap-3 rounded-md border p-3 text-sm ${reopening ? "border-sky-200 bg-sky-50" : "border-rose-200 bg-rose-50"}`}
      data-testid="decision-prompt"
      onKeyDown={onKeyDown}
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) onDecide(reason.trim());
      }}
    >
      <label className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
        <span>{reopening ? "Why reopen it? (its decision stays in the history)" : "Why reject it?"}</span>
        <input
          autoFocus
          required
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          className="min-w-[10rem] flex-1 rounded-md border border-slate-300 px-2 py-1"
          data-testid={reopening ? "reopen-reason" : "reject-reason"}
        />
      </label>
      <button
        type="submit"
        disabled={!reason.trim()}
        className={`rounded-md px-3 py-1 font-medium text-white disabled:opacity-50 ${reopening ? "bg-sky-700 hover:bg-sky-800" : "bg-rose-600 hover:bg-rose-700"}`}
        data-testid="decision-confirm"
      >
        {reopening ? "Reopen" : "Reject"}
      </button>
      <button type="button" onClick={onCancel} className="rounded-md border border-slate-300 px-3 py-1 hover:bg-white">
        Cancel (Esc)
      </button>
    </form>
  );
}
