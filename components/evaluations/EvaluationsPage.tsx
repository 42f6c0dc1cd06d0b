"use client";

import { useState } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { NeedsRole } from "@/components/NeedsRole";
import { useEvalComparison, useEvaluations } from "@/components/data/evaluations";
import { usePermission } from "@/components/data/session";
import { ComparisonTable } from "@/components/evaluations/ComparisonTable";
import { EvalRunRow } from "@/components/evaluations/EvalRunRow";
import { StartEvaluationForm } from "@/components/evaluations/StartEvaluationForm";
import type { EvalRunView } from "@/lib/eval/view-types";

const SETTLED: EvalRunView["status"][] = ["SUCCEEDED", "FINISHED_WITH_FAILURES"];

/**
 * A project's evaluations: the form to start one (curators), the runs with their live progress, and
 * the ticked runs side by side. Until someone ticks, the newest settled runs are compared (oldest
 * first, as a base model usually precedes its fine-tunes).
 */
export function EvaluationsPage({ slug }: { slug: string }) {
  const evaluations = useEvaluations(slug);
  const start = usePermission("run:manage", evaluations.data?.projectId);
  const [picked, setPicked] = useState<string[] | null>(null);
  const runs = evaluations.data?.items ?? [];
  const compared =
    picked ??
    runs
      .filter((run) => SETTLED.includes(run.status))
      .slice(0, 4)
      .map((run) => run.id)
      .reverse();
  const comparison = useEvalComparison(slug, compared);
  const toggle = (id: string) => setPicked(compared.includes(id) ? compared.filter((c) => c !== id) : [...compared, id].slice(-6));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Evaluations</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        What a dataset did to a model: a model behind an endpoint answers a benchmark&apos;s problems, each answer runs against the
        problem&apos;s tests in the sandbox, and pass@1 is counted per language.
      </p>
      {evaluations.error && <ErrorNote testId="evaluations-error">{evaluations.error.message}</ErrorNote>}
      {evaluations.data && start.known && !start.allowed && <NeedsRole role={start.needed} action="Starting an evaluation" />}
      {evaluations.data && start.allowed && <StartEvaluationForm slug={slug} suites={evaluations.data.suites} />}
      <section className="space-y-2">
        <h2 className="font-medium">Comparison</h2>
        {compared.length < 2 && <p className="text-sm text-slate-600">Tick two or more runs below to see them side by side.</p>}
        {comparison.error && <ErrorNote>{comparison.error.message}</ErrorNote>}
        {compared.length >= 2 && comparison.data && <ComparisonTable slug={slug} comparison={comparison.data} />}
      </section>
      <section className="space-y-2">
        <h2 className="font-medium">Runs</h2>
        {!evaluations.data && !evaluations.error && <p className="text-sm text-slate-500">Loading…</p>}
        {evaluations.data && (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="eval-list">
            {runs.map((run) => (
              <EvalRunRow key={run.id} slug={slug} run={run} compared={compared.includes(run.id)} onCompare={toggle} />
            ))}
            {runs.length === 0 && (
              <li className="px-4 py-3 text-sm text-slate-600">
                No evaluations yet{start.allowed ? ": start one above." : "; a curator starts them."}
              </li>
            )}
          </ul>
        )}
      </section>
    </div>
  );
}
