"use client";

import { useEvalResults, type ResultFilters } from "@/components/data/evaluations";
import { ErrorNote } from "@/components/ErrorNote";
import { EVAL_VERDICTS, type EvalResultView, type EvalVerdictName } from "@/lib/eval/view-types";

const select = "rounded-md border border-slate-300 px-2 py-1 text-sm";

const VERDICT_TONE: Record<EvalVerdictName, string> = {
  PASS: "bg-emerald-100 text-emerald-800",
  FAIL: "bg-rose-100 text-rose-800",
  ERROR: "bg-rose-100 text-rose-800",
  TIMEOUT: "bg-amber-100 text-amber-800",
  NO_CODE: "bg-slate-100 text-slate-700",
  NO_ANSWER: "bg-slate-100 text-slate-700",
};

function Block({ title, text }: { title: string; text: string | null }) {
  return (
    <div className="min-w-0 space-y-1">
      <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500">{title}</h4>
      <pre className="max-h-72 overflow-auto whitespace-pre rounded-md border border-slate-200 bg-slate-50 p-2 text-xs">{text || "—"}</pre>
    </div>
  );
}

function Answer({ result }: { result: EvalResultView }) {
  return (
    <li data-testid="eval-result" data-task={result.taskId} data-verdict={result.verdict}>
      <details className="group px-4 py-2">
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <span className="font-mono">{result.taskId}</span>
          <span className="text-slate-500">{result.language}</span>
          {result.sampleIndex > 0 && <span className="text-slate-500">sample {result.sampleIndex + 1}</span>}
          <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${VERDICT_TONE[result.verdict]}`}>
            {result.verdict.toLowerCase().replace("_", " ")}
          </span>
          {result.durationMs !== null && <span className="text-xs tabular-nums text-slate-500">{result.durationMs} ms</span>}
        </summary>
        <div className="mt-2 grid grid-cols-1 gap-3 lg:grid-cols-2">
          <Block title="Problem" text={result.prompt} />
          <Block title="Answer" text={result.answer} />
          <Block title="Extracted code" text={result.code} />
          <Block title="Output" text={result.output} />
        </div>
      </details>
    </li>
  );
}

/** A run's answers, filtered by language and verdict (or one task, from a flipped problem), a page at a time; open one to read it whole. */
export function ResultsBrowser({
  slug,
  runId,
  languages,
  filters,
  onFilters,
}: {
  slug: string;
  runId: string;
  languages: string[];
  filters: ResultFilters;
  onFilters: (filters: ResultFilters) => void;
}) {
  const results = useEvalResults(slug, runId, filters);
  const items = results.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-2" id="answers">
      <h2 className="font-medium">Answers</h2>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex min-w-0 flex-col gap-1">
          Language
          <select
            value={filters.language}
            onChange={(e) => onFilters({ ...filters, language: e.target.value, task: "" })}
            className={select}
          >
            <option value="">All</option>
            {languages.map((language) => (
              <option key={language}>{language}</option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1">
          Verdict
          <select
            value={filters.verdict}
            onChange={(e) => onFilters({ ...filters, verdict: e.target.value as EvalVerdictName | "", task: "" })}
            className={select}
          >
            <option value="">All</option>
            {EVAL_VERDICTS.map((verdict) => (
              <option key={verdict} value={verdict}>
                {verdict.toLowerCase().replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        {filters.task && (
          <button
            type="button"
            onClick={() => onFilters({ ...filters, task: "" })}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            Task {filters.task} ✕
          </button>
        )}
      </div>
      {results.error && <ErrorNote>{results.error.message}</ErrorNote>}
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="eval-results">
        {items.map((result) => (
          <Answer key={result.id} result={result} />
        ))}
        {results.data && items.length === 0 && <li className="px-4 py-3 text-sm text-slate-600">No answers match.</li>}
        {!results.data && !results.error && <li className="px-4 py-3 text-sm text-slate-500">Loading…</li>}
      </ul>
      {results.hasNextPage && (
        <button
          type="button"
          onClick={() => void results.fetchNextPage()}
          disabled={results.isFetchingNextPage}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50"
        >
          {results.isFetchingNextPage ? "Loading…" : "Show more"}
        </button>
      )}
    </section>
  );
}
