"use client";

import { FAILING_TEST_STATUSES } from "@/lib/review/test-status";

export interface QueueFilterValues {
  review: string;
  verification: string;
  language: string;
  minScore: string;
  seed: string;
  sort: string;
  hideClaimed: boolean;
}

export const DEFAULT_FILTERS: QueueFilterValues = {
  review: "PENDING",
  verification: "",
  language: "",
  minScore: "",
  seed: "",
  sort: "newest",
  hideClaimed: true,
};

/** The filters as the queue API's query (empty ones left out; the server validates the rest). */
export function filterQuery(filters: QueueFilterValues): Record<string, string> {
  const { hideClaimed, ...rest } = filters;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== "")),
    ...(hideClaimed ? { hideClaimed: "others" } : {}),
  };
}

const SELECTS = [
  ["review", "review", ["", "PENDING", "ACCEPTED", "REJECTED"]],
  ["verification", "tests", ["", "PASS", ...FAILING_TEST_STATUSES, "PENDING", "RUNNING"]],
  ["sort", "sort", ["newest", "oldest", "score"]],
] as const;

/** Filters for the review queue: all applied on the server, the list starting again from the top. */
export function QueueFilters({ filters, onChange }: { filters: QueueFilterValues; onChange: (filters: QueueFilterValues) => void }) {
  const set = (patch: Partial<QueueFilterValues>) => onChange({ ...filters, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="queue-filters">
      {SELECTS.map(([name, label, options]) => (
        <label key={name} className="flex items-center gap-1">
          {label}
          <select
            value={filters[name]}
            onChange={(e) => set({ [name]: e.target.value })}
            data-testid={`filter-${name}`}
            className="rounded border border-slate-300 px-1 py-0.5"
          >
            {options.map((o) => (
              <option key={o} value={o}>
                {o ? o.toLowerCase() : "any"}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label className="flex items-center gap-1">
        language{" "}
        <input
          value={filters.language}
          onChange={(e) => set({ language: e.target.value.trim() })}
          data-testid="filter-language"
          className="w-24 rounded border border-slate-300 px-1"
        />
      </label>
      <label className="flex items-center gap-1">
        min score
        <input
          type="number"
          min={1}
          max={5}
          step={0.5}
          value={filters.minScore}
          onChange={(e) => set({ minScore: e.target.value })}
          data-testid="filter-min-score"
          className="w-16 rounded border border-slate-300 px-1"
        />
      </label>
      <label className="flex items-center gap-1">
        source seed
        <input
          value={filters.seed}
          onChange={(e) => set({ seed: e.target.value.trim() })}
          placeholder="seed id"
          data-testid="filter-seed"
          className="w-40 rounded border border-slate-300 px-1 font-mono text-xs"
        />
      </label>
      <label className="flex items-center gap-1">
        <input
          type="checkbox"
          checked={filters.hideClaimed}
          onChange={(e) => set({ hideClaimed: e.target.checked })}
          data-testid="filter-hide-claimed"
        />
        hide items others are reviewing
      </label>
      <span className="text-slate-500">Press ? for keys</span>
    </div>
  );
}
