"use client";

import { NeedsRole } from "@/components/NeedsRole";
import type { Role } from "@/lib/auth/permissions";

const button = "rounded-md border px-3 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-50";
const Key = ({ k }: { k: string }) => (
  <kbd className="ml-1 rounded border border-current/30 px-1 font-mono text-[0.7rem] opacity-70">{k}</kbd>
);

/** What the buttons (and the keys) do; the panel adds saving, which needs its draft. */
export interface DecisionActions {
  onPrevious: () => void;
  onNext: () => void;
  onAccept: () => void;
  onReject: () => void;
  onEdit: () => void;
  onReopen: () => void;
}

/**
 * The decisions as buttons, each naming its key (the keys stay): previous/next, accept, reject, edit
 * or save, reopen. Someone whose role cannot decide sees the navigation and which role deciding needs.
 */
export function DecisionBar({
  allowed,
  needed,
  decided,
  editing,
  blocked,
  onPrevious,
  onNext,
  onAccept,
  onReject,
  onEdit,
  onSave,
  onCancelEdit,
  onReopen,
}: DecisionActions & {
  allowed: boolean;
  needed: Role;
  decided: boolean;
  editing: boolean;
  /** Another reviewer holds the item, or it is still loading. */
  blocked: boolean;
  onSave: () => void;
  onCancelEdit: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="decision-bar" role="toolbar" aria-label="Review decisions">
      <button type="button" onClick={onPrevious} className={`${button} border-slate-300 bg-white hover:bg-slate-50`}>
        Previous <Key k="k" />
      </button>
      <button type="button" onClick={onNext} className={`${button} border-slate-300 bg-white hover:bg-slate-50`}>
        Skip / next <Key k="j" />
      </button>
      {!allowed ? (
        <NeedsRole role={needed} action="Accepting, editing or rejecting" />
      ) : decided ? (
        <button
          type="button"
          data-testid="reopen"
          onClick={onReopen}
          disabled={blocked}
          className={`${button} border-sky-300 bg-sky-50 text-sky-900 hover:bg-sky-100`}
        >
          Reopen <Key k="o" />
        </button>
      ) : (
        <>
          <button
            type="button"
            onClick={onAccept}
            disabled={blocked || editing}
            className={`${button} border-emerald-700 bg-emerald-700 font-medium text-white hover:bg-emerald-800`}
          >
            Accept <Key k="a" />
          </button>
          {editing ? (
            <>
              <button
                type="button"
                data-testid="save-revision"
                onClick={onSave}
                disabled={blocked}
                className={`${button} border-slate-900 bg-slate-900 font-medium text-white`}
              >
                Save edit
              </button>
              <button type="button" onClick={onCancelEdit} className={`${button} border-slate-300 bg-white hover:bg-slate-50`}>
                Cancel edit
              </button>
            </>
          ) : (
            <button type="button" onClick={onEdit} disabled={blocked} className={`${button} border-slate-300 bg-white hover:bg-slate-50`}>
              Edit <Key k="e" />
            </button>
          )}
          <button
            type="button"
            onClick={onReject}
            disabled={blocked || editing}
            className={`${button} border-rose-300 bg-rose-50 text-rose-900 hover:bg-rose-100`}
          >
            Reject <Key k="r" />
          </button>
        </>
      )}
    </div>
  );
}
