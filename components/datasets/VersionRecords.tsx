"use client";

import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { RecordRow } from "@/components/datasets/RecordRow";
import { SOURCE_LABELS, SOURCES } from "@/components/datasets/schemas";
import { useVersion, useVersionItems, type ItemFilters } from "@/components/data/datasets";

const field = "rounded-md border border-slate-300 px-2 py-1 text-sm";
const NONE: ItemFilters = { language: "", source: "", minScore: "", tests: "", verified: "" };

/** A version's records, filtered by language, source, minimum score, tests present and verified; a page at a time. */
export function VersionRecords({ slug, tag }: { slug: string; tag: string }) {
  const [filters, setFilters] = useState<ItemFilters>(NONE);
  const [minScore, setMinScore] = useState("");
  const version = useVersion(slug, tag);
  const items = useVersionItems(slug, tag, filters);
  const languages = version.data?.statistics?.languages.map((l) => l.language) ?? [];
  const set = (key: keyof ItemFilters) => (value: string) => setFilters({ ...filters, [key]: value });
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">
        Records of <span className="font-mono">{tag}</span>
      </h1>
      {version.data && (
        <p className="text-sm text-slate-600">
          {version.data.version.itemCount} items, frozen when the version was cut. Open one to read its instruction, solution and tests.
        </p>
      )}
      <form
        className="flex flex-wrap items-end gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          set("minScore")(minScore.trim());
        }}
        data-testid="record-filters"
      >
        <Select label="Language" value={filters.language} onChange={set("language")} options={languages.map((l) => [l, l])} />
        <Select label="Source" value={filters.source} onChange={set("source")} options={SOURCES.map((s) => [s, SOURCE_LABELS[s]])} />
        <Select
          label="Tests"
          value={filters.tests}
          onChange={set("tests")}
          options={[
            ["present", "with tests"],
            ["absent", "without tests"],
          ]}
        />
        <Select
          label="Verified"
          value={filters.verified}
          onChange={set("verified")}
          options={[
            ["true", "tests pass"],
            ["false", "not verified"],
          ]}
        />
        <label className="flex flex-col gap-1">
          Minimum score
          <span className="flex gap-2">
            <input
              value={minScore}
              onChange={(e) => setMinScore(e.target.value)}
              inputMode="decimal"
              placeholder="e.g. 4"
              className={`${field} w-24`}
            />
            <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50">
              Apply
            </button>
          </span>
        </label>
      </form>
      {items.error && <ErrorNote testId="records-error">{items.error.message}</ErrorNote>}
      {items.isPending && <p className="text-sm text-slate-500">Loading…</p>}
      {items.data && rows.length === 0 && <p className="text-sm text-slate-500">No record matches these filters.</p>}
      <ul className="space-y-2" data-testid="records">
        {rows.map((item) => (
          <RecordRow key={item.itemKey} item={item} />
        ))}
      </ul>
      {items.hasNextPage && (
        <button
          type="button"
          onClick={() => items.fetchNextPage()}
          disabled={items.isFetchingNextPage}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          {items.isFetchingNextPage ? "Loading…" : "Show more"}
        </button>
      )}
    </div>
  );
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: [string, string][];
}) {
  return (
    <label className="flex flex-col gap-1">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} className={field}>
        <option value="">all</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
