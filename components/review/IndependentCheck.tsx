"use client";

import type { SolveCheckView } from "@/lib/review/quality-types";
import { testsFail } from "@/lib/review/test-status";

const verdict = (status: string | null) =>
  status === null ? (
    <span className="text-slate-500">not run</span>
  ) : (
    <span className={status === "PASS" ? "text-emerald-700" : testsFail(status) ? "text-rose-700" : "text-slate-600"}>
      {status.toLowerCase()}
    </span>
  );

/**
 * The independent check of the item: tests written from the instruction and the interface only, the
 * sampled answers run against them (k/n passed, the kept one marked), the agent's solution against
 * those tests and against its own, coverage, and for an unsolved item the failing output.
 */
export function IndependentCheck({ check }: { check: SolveCheckView }) {
  return (
    <section
      className="space-y-2 rounded-md border border-slate-200 p-2 text-xs"
      data-testid="independent-check"
      aria-label="Independent check"
    >
      <h3 className="font-medium text-slate-700">Independent check{check.revision !== null ? ` of revision ${check.revision}` : ""}</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500">samples passed</dt>
        <dd data-testid="check-samples">
          {check.passed}/{check.samples} · {check.difficulty.toLowerCase()}
        </dd>
        <dt className="text-slate-500">agent&apos;s solution vs independent tests</dt>
        <dd data-testid="check-own-solution">{verdict(check.ownSolutionStatus)}</dd>
        <dt className="text-slate-500">agent&apos;s solution vs its own tests</dt>
        <dd data-testid="check-own-tests">{verdict(check.ownTestsStatus)}</dd>
        {check.coverage !== null && (
          <>
            <dt className="text-slate-500">coverage of the kept solution</dt>
            <dd>
              {Math.round(check.coverage * 100)}%
              {check.coveredLines !== null && check.totalLines !== null ? ` (${check.coveredLines}/${check.totalLines} lines)` : ""}
            </dd>
          </>
        )}
      </dl>
      {check.failingOutput && (
        <div className="space-y-1">
          <h4 className="font-medium text-rose-700">No answer passed; the last attempt&apos;s output</h4>
          <pre
            className="max-h-40 overflow-auto whitespace-pre-wrap break-words rounded-md bg-rose-50 p-2 font-mono"
            data-testid="check-failing-output"
          >
            {check.failingOutput}
          </pre>
        </div>
      )}
      <ol className="flex flex-wrap gap-1" data-testid="check-trials" aria-label="Sampled answers">
        {check.trials.map((t) => (
          <li key={t.index}>
            <details className="rounded-md border border-slate-200 px-1.5 py-0.5">
              <summary className="cursor-pointer">
                #{t.index + 1} {verdict(t.status)}
                {t.index === check.keptTrialIndex ? " · kept" : ""}
                {t.outputTokens !== null ? ` · ${t.outputTokens} tok` : ""}
              </summary>
              {t.reason && <p className="break-words text-slate-600">{t.reason}</p>}
              <pre className="max-h-40 max-w-[80vw] overflow-auto whitespace-pre-wrap break-words font-mono">{t.solution}</pre>
            </details>
          </li>
        ))}
      </ol>
      <details>
        <summary className="cursor-pointer text-slate-600">What the test writer saw besides the instruction: the interface</summary>
        <pre className="overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-2 font-mono">{check.interface}</pre>
      </details>
    </section>
  );
}
