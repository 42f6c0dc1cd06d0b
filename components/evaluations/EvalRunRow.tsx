"use client";

import Link from "next/link";
import { EvalStatusBadge, percent, runTitle } from "@/components/evaluations/format";
import type { EvalRunView } from "@/lib/eval/view-types";

/** One evaluation in the list: its state, its progress (live while it runs), its score per language so far, and what it was trained on. */
export function EvalRunRow({
  slug,
  run,
  compared,
  onCompare,
}: {
  slug: string;
  run: EvalRunView;
  compared: boolean;
  onCompare: (id: string) => void;
}) {
  const share = run.total ? Math.min(1, run.done / run.total) : 0;
  return (
    <li data-testid="eval-row" data-label={run.label} data-status={run.status} className="space-y-2 px-4 py-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <label className="flex items-center gap-1 text-slate-600">
          <input type="checkbox" checked={compared} onChange={() => onCompare(run.id)} aria-label={`Compare ${run.label}`} />
        </label>
        <Link href={`/projects/${slug}/evaluations/${run.id}`} className="font-medium text-brand hover:underline" data-testid="eval-link">
          {runTitle(run)}
        </Link>
        <EvalStatusBadge status={run.status} />
        <span className="text-slate-600">
          {run.suiteName} · k={run.samples} · t={run.temperature}
        </span>
        <span className="text-slate-500">
          Trained on:{" "}
          {run.datasetVersion ? (
            <Link
              href={`/projects/${slug}/datasets/${encodeURIComponent(run.datasetVersion.tag)}`}
              className="font-mono text-brand hover:underline"
            >
              {run.datasetVersion.tag}
            </Link>
          ) : (
            "—"
          )}
        </span>
        <span className="text-slate-500">{new Date(run.createdAt).toLocaleString()}</span>
      </div>
      {run.status !== "SUCCEEDED" && run.total > 0 && (
        <div className="flex items-center gap-2 text-xs text-slate-600" data-testid="eval-progress">
          <div className="h-1.5 w-40 max-w-full overflow-hidden rounded bg-slate-100" aria-hidden>
            <div className="h-full bg-brand" style={{ width: `${share * 100}%` }} />
          </div>
          <span className="tabular-nums">
            {run.done} / {run.total} answers
          </span>
        </div>
      )}
      {run.error && <p className="text-sm text-rose-700">{run.error}</p>}
      <ul className="flex flex-wrap gap-2 text-xs" data-testid="eval-languages">
        {run.perLanguage.map((l) => (
          <li key={l.language} className="rounded-md border border-slate-200 px-2 py-0.5 tabular-nums text-slate-700">
            {l.language} <span className="font-medium">{percent(l.pass1)}</span>
            <span className="text-slate-500">
              {" "}
              ({l.passed}/{l.settled}
              {l.final ? "" : " so far"})
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}
