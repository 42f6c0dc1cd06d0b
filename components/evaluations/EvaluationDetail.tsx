"use client";

import Link from "next/link";
import { useState } from "react";
import { useEvaluation, useEvaluations, type ResultFilters } from "@/components/data/evaluations";
import { usePermission } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";
import { EditEvaluation } from "@/components/evaluations/EditEvaluation";
import { FlippedProblems } from "@/components/evaluations/FlippedProblems";
import { EvalStatusBadge, runTitle } from "@/components/evaluations/format";
import { LanguageSummary } from "@/components/evaluations/LanguageSummary";
import { ResultsBrowser } from "@/components/evaluations/ResultsBrowser";

/** One evaluation: what was asked of which model, its progress and scores per language, its answers, and what flipped against another run. */
export function EvaluationDetail({ slug, id }: { slug: string; id: string }) {
  const run = useEvaluation(slug, id);
  const list = useEvaluations(slug);
  const manage = usePermission("run:manage", list.data?.projectId);
  const [filters, setFilters] = useState<ResultFilters>({ language: "", verdict: "", task: "" });
  if (run.error) return <ErrorNote testId="evaluation-error">{run.error.message}</ErrorNote>;
  if (!run.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const r = run.data;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          {runTitle(r)} <EvalStatusBadge status={r.status} />
        </h1>
        <p className="text-sm text-slate-600">
          {r.suiteName} · {r.languages.join(", ")} · {r.problemLimit ? `${r.problemLimit} problems per language` : "all problems"} · k=
          {r.samples} · temperature {r.temperature} · {r.endpointProfile ? `endpoint ${r.endpointProfile.name}` : r.baseUrl}
        </p>
        <p className="text-sm text-slate-600">
          Trained on:{" "}
          {r.datasetVersion ? (
            <Link
              href={`/projects/${slug}/datasets/${encodeURIComponent(r.datasetVersion.tag)}`}
              className="font-mono text-brand hover:underline"
            >
              {r.datasetVersion.tag}
            </Link>
          ) : (
            "no dataset version linked"
          )}
        </p>
        {(r.status === "QUEUED" || r.status === "RUNNING") && (
          <p className="text-sm tabular-nums text-slate-700" data-testid="evaluation-progress">
            {r.done} / {r.total || "?"} answers settled
          </p>
        )}
        {r.error && <ErrorNote>{r.error}</ErrorNote>}
      </div>
      {manage.allowed && <EditEvaluation key={`${r.label}:${r.datasetVersion?.id ?? ""}`} slug={slug} run={r} />}
      <section className="space-y-2">
        <h2 className="font-medium">Per language</h2>
        <LanguageSummary run={r} />
      </section>
      <FlippedProblems
        slug={slug}
        run={r}
        others={(list.data?.items ?? []).filter((o) => o.id !== r.id)}
        onOpen={(flip) => {
          setFilters({ language: flip.language, verdict: "", task: flip.taskId });
          document.getElementById("answers")?.scrollIntoView({ block: "start" });
        }}
      />
      <ResultsBrowser slug={slug} runId={r.id} languages={r.perLanguage.map((l) => l.language)} filters={filters} onFilters={setFilters} />
    </div>
  );
}
