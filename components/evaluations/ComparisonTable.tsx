"use client";

import Link from "next/link";
import { percent, runTitle } from "@/components/evaluations/format";
import type { EvalComparison } from "@/lib/eval/view-types";

/**
 * The paper's table: a row per run (named by its label and model, linked to the dataset version it
 * was trained on), pass@1 per language and their mean; the best of each column in bold. Scrolls in
 * its own box on a phone.
 */
export function ComparisonTable({ slug, comparison }: { slug: string; comparison: EvalComparison }) {
  const columns = [...comparison.languages, "average"];
  // relative: the "(best)" note (sr-only, absolutely placed) stays inside this scrolling box instead of widening the page.
  return (
    <div className="relative overflow-x-auto rounded-md border border-slate-200 bg-white" data-testid="eval-comparison">
      <table className="min-w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Model</th>
            <th className="px-3 py-2 font-medium">Trained on</th>
            {columns.map((column) => (
              <th key={column} className="px-3 py-2 text-right font-medium">
                {column === "average" ? "Avg" : column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {comparison.rows.map((row) => {
            const run = comparison.runs.find((r) => r.id === row.runId)!;
            return (
              <tr key={row.runId} data-testid="comparison-row" data-label={run.label}>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link href={`/projects/${slug}/evaluations/${run.id}`} className="text-brand hover:underline">
                    {runTitle(run)}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-mono">
                  {run.datasetVersion ? (
                    <Link
                      href={`/projects/${slug}/datasets/${encodeURIComponent(run.datasetVersion.tag)}`}
                      className="text-brand hover:underline"
                    >
                      {run.datasetVersion.tag}
                    </Link>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                {columns.map((column) => {
                  const value = column === "average" ? row.average : row.scores[column];
                  const best = comparison.best[column]?.includes(row.runId) && comparison.rows.length > 1;
                  return (
                    <td
                      key={column}
                      data-column={column}
                      data-best={best ? "true" : undefined}
                      className={`px-3 py-2 text-right tabular-nums ${best ? "font-semibold text-slate-900" : "text-slate-700"}`}
                    >
                      {percent(value)}
                      {best && <span className="sr-only"> (best)</span>}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
