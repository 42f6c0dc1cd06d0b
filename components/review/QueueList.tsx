"use client";

import { useEffect, useRef, useState } from "react";
import type { QueuePage } from "@/lib/review/queue-types";

type Item = QueuePage["items"][number];

/** Each row is this tall, so the list knows which rows are in view from the scroll offset alone. */
const ROW_PX = 64;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 6;
/** Ask for the next page when the last drawn row is this close to the end of what is loaded. */
const PREFETCH_ROWS = 20;

/** The quality flags a row has room for: leaks and dropped duplicates first, they decide most. */
function QualityMarks({ item }: { item: Item }) {
  return (
    <>
      {item.contaminated && (
        <span className="text-rose-700" data-testid="queue-item-contaminated">
          {" "}
          · contaminated
        </span>
      )}
      {item.duplicateOf && <span className="text-amber-700"> · duplicate</span>}
      {item.difficulty && ` · ${item.difficulty.toLowerCase()}${item.solveRate !== null ? ` ${Math.round(item.solveRate * 100)}%` : ""}`}
      {item.coverage !== null && ` · cov ${Math.round(item.coverage * 100)}%`}
    </>
  );
}

/** Where an item wanting several annotators stands: how many decided, or that they disagree. */
function OverlapMarks({ item }: { item: Item }) {
  if (item.reviewStatus === "DISPUTED")
    return (
      <span data-testid="queue-item-disputed" className="text-violet-800">
        {" "}
        · disputed
      </span>
    );
  if (item.required <= 1 || item.reviewStatus !== "PENDING") return null;
  return (
    <span data-testid="queue-item-overlap">
      {" "}
      · {item.decided} of {item.required} decided
    </span>
  );
}

export function claimedByOther(item: Pick<Item, "claim">): boolean {
  return Boolean(item.claim && !item.claim.mine && new Date(item.claim.until).getTime() > Date.now());
}

/**
 * The queue as a windowed list: only the rows in view (and a few around them) are in the DOM, and
 * scrolling near the end of what is loaded fetches the next keyset page, so a queue of 100 k items
 * costs what a screenful does. The selected row is kept in view as j/k move it.
 */
export function QueueList({
  items,
  selectedId,
  onSelect,
  hasMore,
  loadingMore,
  onLoadMore,
  loading,
}: {
  items: Item[];
  selectedId: string | undefined;
  onSelect: (index: number) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  loading: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / ROW_PX) + OVERSCAN);
  useEffect(() => {
    if (hasMore && !loadingMore && last >= items.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, last, items.length, onLoadMore]);

  const selectedIndex = items.findIndex((item) => item.id === selectedId);
  useEffect(() => {
    const element = box.current;
    if (!element || selectedIndex < 0) return;
    const top = selectedIndex * ROW_PX;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_PX > element.scrollTop + element.clientHeight) element.scrollTop = top + ROW_PX - element.clientHeight;
  }, [selectedIndex]);

  return (
    <div
      ref={box}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      className="h-[40vh] overflow-auto lg:h-[70vh] rounded-md border border-slate-200 bg-white text-sm"
      data-testid="queue-list"
      data-loaded={items.length}
      data-rendered={last - first}
    >
      {items.length === 0 && !loading ? (
        <p className="px-3 py-2 text-slate-600">Nothing to review with these filters.</p>
      ) : (
        <ul className="relative" style={{ height: items.length * ROW_PX }}>
          {items.slice(first, last).map((item, offset) => {
            const index = first + offset;
            const taken = claimedByOther(item);
            return (
              <li
                key={item.id}
                data-testid="queue-item"
                data-selected={item.id === selectedId}
                data-claimed={taken}
                onClick={() => onSelect(index)}
                style={{ top: index * ROW_PX, height: ROW_PX }}
                className={`absolute inset-x-0 cursor-pointer overflow-hidden border-b border-slate-100 px-3 py-2 ${item.id === selectedId ? "bg-sky-50" : ""} ${taken ? "text-slate-400" : ""}`}
              >
                <div className="truncate">{item.instruction}</div>
                <div className="truncate text-xs text-slate-500">
                  {item.language}
                  {item.sourceLanguage && item.sourceLanguage !== item.language ? ` ← ${item.sourceLanguage}` : ""}
                  {/* Early in the line: a narrow list truncates its end. */}
                  <OverlapMarks item={item} />
                  <QualityMarks item={item} /> ·{" "}
                  <span data-testid="queue-item-source">{item.source === "DS3" ? "synthesized" : `seed ${item.source}`}</span> · tests{" "}
                  {item.verificationStatus.toLowerCase()} ·{" "}
                  {item.reviewStatus === "DISPUTED" ? "awaits a curator" : item.reviewStatus.toLowerCase()}
                  {item.totalScore !== null ? ` · ${item.totalScore.toFixed(1)}` : ""}
                  {item.claim ? (
                    <span data-testid="queue-item-claim" className={item.claim.mine ? "text-emerald-700" : "text-amber-700"}>
                      {item.claim.mine ? " · yours" : ` · claimed by ${item.claim.by}`}
                    </span>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {loadingMore && <p className="px-3 py-2 text-xs text-slate-500">Loading more…</p>}
    </div>
  );
}
