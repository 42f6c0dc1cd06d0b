"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { LANGUAGE_NAMES, type Language } from "@/lib/languages";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import type { ContaminationHit } from "@/lib/review/quality-types";

const languageName = (language: string) => LANGUAGE_NAMES[language as Language] ?? language;
const percent = (ratio: number) => `${Math.round(ratio * 100)}%`;

function Badge({ tone, testId, children }: { tone: "rose" | "amber" | "slate" | "emerald"; testId: string; children: ReactNode }) {
  const tones = {
    rose: "border-rose-200 bg-rose-50 text-rose-800",
    amber: "border-amber-200 bg-amber-50 text-amber-900",
    slate: "border-slate-200 bg-slate-50 text-slate-700",
    emerald: "border-emerald-200 bg-emerald-50 text-emerald-800",
  };
  return (
    <span data-testid={testId} className={`rounded-md border px-1.5 py-0.5 ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** The item's overlapping text beside the benchmark's, so a reviewer judges the leak by reading both. */
function Contamination({ hit }: { hit: ContaminationHit }) {
  const text = "max-h-48 overflow-auto whitespace-pre-wrap break-words rounded-md border p-2 font-mono text-xs";
  return (
    <div className="grid gap-2 sm:grid-cols-2" data-testid="contamination">
      <figure className="min-w-0 space-y-1">
        <figcaption className="text-xs font-medium text-slate-600">This item&apos;s {hit.field}, the overlapping text</figcaption>
        <pre className={`${text} border-rose-200 bg-rose-50`} data-testid="contamination-overlap">
          {hit.overlap}
        </pre>
      </figure>
      <figure className="min-w-0 space-y-1">
        <figcaption className="text-xs font-medium text-slate-600">
          {hit.benchmark} · {hit.taskId} ({percent(hit.score)} of its n-grams found here)
        </figcaption>
        <pre className={`${text} border-slate-200 bg-slate-50`} data-testid="contamination-benchmark">
          {hit.benchmarkText}
        </pre>
      </figure>
    </div>
  );
}

/**
 * The quality gate's flags on one item: a leak (with the benchmark's text beside the item's), the item
 * kept in a near duplicate's place, the same task in other languages (kept: translations, not
 * duplicates), difficulty from the solve rate, and coverage of the independent tests.
 */
export function QualityFlags({ detail }: { detail: CandidateDetail }) {
  const q = detail.quality;
  const itemHref = (id: string) => `/projects/${detail.projectSlug}/review?item=${id}`;
  const members = q.cluster?.members ?? [];
  const otherLanguages = members.filter((m) => m.language !== detail.language);
  const keptOut = members.filter((m) => m.duplicateOfId === detail.id);
  const flagged = q.contaminated || q.duplicateOf || q.difficulty || q.coverage !== null || q.cluster;
  if (!flagged) return null;
  return (
    <section className="space-y-2" data-testid="quality-flags" aria-label="Quality flags">
      <div className="flex flex-wrap gap-1.5 text-xs">
        {q.contaminated && (
          <Badge tone="rose" testId="flag-contaminated">
            contaminated{q.contamination ? ` · ${q.contamination.benchmark} ${q.contamination.taskId}` : ""}
          </Badge>
        )}
        {q.duplicateOf && (
          <Badge tone="amber" testId="flag-duplicate">
            near duplicate of{" "}
            <Link href={itemHref(q.duplicateOf.id)} className="underline" data-testid="duplicate-of-link">
              the {languageName(q.duplicateOf.language)} item kept in its place
            </Link>
          </Badge>
        )}
        {q.difficulty && (
          <Badge tone={q.difficulty === "UNSOLVED" ? "rose" : "slate"} testId="flag-difficulty">
            {q.difficulty.toLowerCase()}
            {q.solveRate !== null ? ` · solve rate ${percent(q.solveRate)}` : ""}
          </Badge>
        )}
        {q.coverage !== null && (
          <Badge tone={q.coverage >= 0.8 ? "emerald" : "slate"} testId="flag-coverage">
            coverage {percent(q.coverage)}
          </Badge>
        )}
      </div>
      {q.contamination && <Contamination hit={q.contamination} />}
      {q.duplicateOf && <p className="break-words text-xs text-slate-600">Kept instead: “{q.duplicateOf.instruction}”</p>}
      {otherLanguages.length > 0 && (
        <p className="text-xs text-slate-700" data-testid="cluster-siblings">
          Same task in{" "}
          {otherLanguages.map((m, i) => (
            <span key={m.id}>
              {i > 0 ? ", " : ""}
              <Link href={itemHref(m.id)} className="text-sky-700 hover:underline">
                {languageName(m.language)}
              </Link>
            </span>
          ))}{" "}
          (translations: kept, not duplicates)
        </p>
      )}
      {keptOut.length > 0 && (
        <p className="text-xs text-slate-700" data-testid="cluster-duplicates">
          Near duplicates this item is kept in place of:{" "}
          {keptOut.map((m, i) => (
            <span key={m.id}>
              {i > 0 ? ", " : ""}
              <Link href={itemHref(m.id)} className="text-sky-700 hover:underline">
                {languageName(m.language)} #{i + 1}
              </Link>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
