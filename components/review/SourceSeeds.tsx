"use client";

import { useState } from "react";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import { LazySeedCode } from "@/components/review/lazy-editors";

/** A cross-lingual item's source seeds beside it: each seed's instruction and code, in its own language. */
export function SourceSeeds({ seeds, onFilterSeed }: { seeds: CandidateDetail["seeds"]; onFilterSeed: (seedId: string) => void }) {
  const [index, setIndex] = useState(0);
  const seed = seeds[Math.min(index, seeds.length - 1)];
  if (!seed)
    return (
      <p className="text-xs text-slate-500" data-testid="source-seed">
        No source seed is stored for this item.
      </p>
    );
  return (
    <aside
      className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm"
      data-testid="source-seed"
      data-language={seed.language}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-medium">Source seed · {seed.language}</span>
        {seeds.length > 1 &&
          seeds.map((s, i) => (
            <button
              key={s.id}
              type="button"
              onClick={() => setIndex(i)}
              className={`rounded border px-1 ${i === index ? "border-slate-500" : "border-slate-300"}`}
            >
              {i + 1}: {s.language}
            </button>
          ))}
        <button type="button" onClick={() => onFilterSeed(seed.id)} data-testid="filter-by-seed" className="ml-auto text-brand underline">
          items from this seed
        </button>
      </div>
      <p className="max-h-32 overflow-auto whitespace-pre-wrap text-xs" data-testid="seed-instruction">
        {seed.instruction}
      </p>
      <LazySeedCode key={seed.id} code={seed.solution} language={seed.language} />
    </aside>
  );
}
