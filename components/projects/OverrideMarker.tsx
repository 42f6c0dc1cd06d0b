"use client";

/** "overrides xCoder paper: 3 → 5", beside a field whose value is the project's own, with a way back to the preset's. */
export function OverrideMarker({
  path,
  presetLabel,
  from,
  to,
  onReset,
}: {
  path: string;
  presetLabel: string;
  from: string;
  to: string;
  onReset: () => void;
}) {
  return (
    <span className="flex flex-wrap items-center gap-2 text-xs text-amber-800" data-testid={`override-${path}`}>
      <span>
        overrides {presetLabel}: {from || "unset"} → {to}
      </span>
      <button
        type="button"
        onClick={onReset}
        data-testid={`override-reset-${path}`}
        className="rounded-md border border-slate-300 px-1.5 py-0.5 text-slate-700 hover:bg-slate-50"
      >
        Reset to {from || "unset"}
      </button>
    </span>
  );
}
