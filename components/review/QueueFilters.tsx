"use client";

import { useState } from "react";
import { DIFFICULTIES } from "@/lib/review/quality-types";
import { FAILING_TEST_STATUSES } from "@/lib/review/test-status";

export interface QueueFilterValues {
  review: string;
  verification: string;
  language: string;
  minScore: string;
  seed: string;
  source: string;
  q: string;
  sort: string;
  hideClaimed: boolean;
  contaminated: string;
  duplicates: string;
  /** Difficulties, comma-separated (any of them); empty: any. */
  difficulty: string;
  /** Percent, 0–100. */
  minCoverage: string;
}

export const DEFAULT_FILTERS: QueueFilterValues = {
  review: "PENDING",
  verification: "",
  language: "",
  minScore: "",
  seed: "",
  source: "",
  q: "",
  sort: "newest",
  hideClaimed: true,
  contaminated: "",
  duplicates: "",
  difficulty: "",
  minCoverage: "",
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
  ["review", "review", ["", "PENDING", "ACCEPTED", "REJECTED", "DISPUTED"]],
  ["verification", "tests", ["", "PASS", ...FAILING_TEST_STATUSES, "PENDING", "RUNNING"]],
  ["source", "source", ["", "seeds", "synthesized"]],
  ["contaminated", "contaminated", ["", "yes", "no"]],
  ["duplicates", "duplicates", ["", "hide", "only"]],
  ["sort", "sort", ["newest", "oldest", "score"]],
] as const;

/** Search over the current revisions' instructions, solutions and tests: applied when sent, not per keystroke. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  return (
    <form
      role="search"
      className="flex min-w-0 basis-full items-center gap-1 sm:basis-auto"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <input
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-label="Search instructions and code"
        placeholder="search: words, identifiers (parse_int)…"
        data-testid="filter-q"
        className="min-w-0 flex-1 rounded border border-slate-300 px-2 py-0.5 sm:w-64"
      />
      <button type="submit" className="rounded-md border border-slate-300 px-2 py-0.5 hover:bg-slate-50">
        Search
      </button>
    </form>
  );
}

/**
 * Filters for the review queue: all applied on the server, the list starting again from the top.
 * `fixedReview`: the queue's mode decides the review status (to do, adjudication), so it is not offered.
 */
export function QueueFilters({
  filters,
  onChange,
  onHelp,
  fixedReview = false,
}: {
  filters: QueueFilterValues;
  onChange: (filters: QueueFilterValues) => void;
  onHelp: () => void;
  fixedReview?: boolean;
}) {
  const set = (patch: Partial<QueueFilterValues>) => onChange({ ...filters, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" data-testid="queue-filters">
      <SearchBox value={filters.q} onSearch={(q) => set({ q })} />
      {SELECTS.filter(([name]) => !(fixedReview && name === "review")).map(([name, label, options]) => (
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
      <div role="group" aria-label="difficulty" className="flex flex-wrap items-center gap-x-2" data-testid="filter-difficulty">
        <span>difficulty</span>
        {DIFFICULTIES.map((level) => {
          const chosen = filters.difficulty.split(",").filter(Boolean);
          return (
            <label key={level} className="flex items-center gap-1">
              <input
                type="checkbox"
                checked={chosen.includes(level)}
                onChange={(e) =>
                  // Kept in DIFFICULTIES' order, so one choice is one query whatever order it was clicked in.
                  set({ difficulty: DIFFICULTIES.filter((d) => (d === level ? e.target.checked : chosen.includes(d))).join(",") })
                }
              />
              {level.toLowerCase()}
            </label>
          );
        })}
      </div>
      <label className="flex items-center gap-1">
        min coverage %
        <input
          type="number"
          min={0}
          max={100}
          step={5}
          value={filters.minCoverage}
          onChange={(e) => set({ minCoverage: e.target.value })}
          data-testid="filter-min-coverage"
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
          className="w-36 rounded border border-slate-300 px-1 font-mono text-xs"
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
      <button type="button" onClick={onHelp} className="text-slate-500 underline-offset-2 hover:underline">
        Keys (?)
      </button>
    </div>
  );
}
