"use client";

import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { SOURCE_LABELS } from "@/components/datasets/schemas";
import { useVersionDiffItems } from "@/components/data/datasets";
import { DIFF_KINDS, type DiffItem } from "@/lib/datasets/version-types";

const TONE: Record<DiffItem["kind"], string> = {
  added: "bg-emerald-50 text-emerald-800",
  removed: "bg-rose-50 text-rose-800",
  changed: "bg-amber-50 text-amber-800",
};

/** The items that differ between two versions, by kind, a page at a time; a changed one says which fields changed. */
export function DiffItems({ slug, tag, against }: { slug: string; tag: string; against: string }) {
  const [kind, setKind] = useState<DiffItem["kind"] | null>(null);
  const diff = useVersionDiffItems(slug, tag, against, kind);
  const rows = diff.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-2" data-testid="diff-items">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <h3 className="font-medium">Items</h3>
        {[null, ...DIFF_KINDS].map((k) => (
          <button
            key={k ?? "all"}
            type="button"
            aria-pressed={kind === k}
            onClick={() => setKind(k)}
            className={`rounded-md border px-2 py-0.5 ${kind === k ? "border-slate-700 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
          >
            {k ?? "all"}
          </button>
        ))}
      </div>
      {diff.error && <ErrorNote>{diff.error.message}</ErrorNote>}
      {diff.data && rows.length === 0 && <p className="text-sm text-slate-500">No item {kind ?? "differs"}.</p>}
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white text-sm">
        {rows.map((item) => (
          <li
            key={item.itemKey}
            className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2"
            data-testid="diff-item"
            data-kind={item.kind}
          >
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${TONE[item.kind]}`}>{item.kind}</span>
            <span className="min-w-0 flex-1 basis-48 break-words">{item.title || "(empty instruction)"}</span>
            <span className="flex flex-wrap gap-2 text-xs text-slate-600">
              <span className="rounded bg-slate-100 px-1.5 py-0.5">{item.language}</span>
              <span className="rounded bg-slate-100 px-1.5 py-0.5">{SOURCE_LABELS[item.source]}</span>
              {item.changes.length > 0 && <span>changed: {item.changes.join(", ")}</span>}
            </span>
          </li>
        ))}
      </ul>
      {diff.hasNextPage && (
        <button
          type="button"
          onClick={() => diff.fetchNextPage()}
          disabled={diff.isFetchingNextPage}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          {diff.isFetchingNextPage ? "Loading…" : "Show more"}
        </button>
      )}
    </section>
  );
}
