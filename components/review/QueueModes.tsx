"use client";

/**
 * Which queue the screen shows: the viewer's to-do (pending items they have not decided, so no item
 * is handed to them twice), the curator's adjudication queue (disputed items), or every item by
 * the filters. The filters narrow each; the review-status filter belongs to "all items" alone.
 */
export const QUEUE_MODES = ["todo", "adjudication", "all"] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

/** The queue API's query for a mode: the filters, with the mode's own review selection in place of theirs. */
export function modeQuery(mode: QueueMode, filters: Record<string, string>): Record<string, string> {
  if (mode === "all") return filters;
  const { review: _review, ...rest } = filters;
  return mode === "todo" ? { ...rest, todo: "mine" } : { ...rest, review: "DISPUTED" };
}

export function QueueModes({
  mode,
  onChange,
  canDecide,
  canAdjudicate,
  disputed,
}: {
  mode: QueueMode;
  onChange: (mode: QueueMode) => void;
  canDecide: boolean;
  canAdjudicate: boolean;
  /** The adjudication queue's count (capped: `more` when there are more). */
  disputed: { count: number; more: boolean } | undefined;
}) {
  const tabs: (readonly [QueueMode, string])[] = [
    ...(canDecide ? [["todo", "To do"] as const] : []),
    ...(canAdjudicate ? [["adjudication", "Adjudication"] as const] : []),
    ["all", "All items"] as const,
  ];
  if (tabs.length < 2) return null;
  return (
    <div role="tablist" aria-label="Queue" className="flex flex-wrap gap-1 border-b border-slate-200 text-sm" data-testid="queue-modes">
      {tabs.map(([value, label]) => (
        <button
          key={value}
          type="button"
          role="tab"
          aria-selected={mode === value}
          onClick={() => onChange(value)}
          data-testid={`queue-mode-${value}`}
          className={`-mb-px rounded-t border px-3 py-1 ${mode === value ? "border-slate-200 border-b-white bg-white font-medium" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {label}
          {value === "adjudication" && disputed && (
            <span
              className={`ml-1.5 rounded-full px-1.5 text-xs ${disputed.count ? "bg-violet-100 text-violet-900" : "bg-slate-100 text-slate-600"}`}
              data-testid="adjudication-count"
            >
              {disputed.count}
              {disputed.more ? "+" : ""}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
