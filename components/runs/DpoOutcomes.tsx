import { DPO_FALLBACK_NOTE, shareOf, type DpoReport } from "@/lib/projects/dpo-report-types";

/**
 * A run's DPO queries per language: how many yielded pairs, and the shares where every sample passed
 * (too easy for the sampled model) or every one failed (too hard), which yield none. Loud when the
 * samples did not come from the model being trained.
 */
export function DpoOutcomes({ report }: { report: DpoReport }) {
  return (
    <div className="space-y-1 text-xs" data-testid="run-dpo">
      {report.fromResponseGenerator > 0 && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 font-medium text-amber-900" data-testid="run-dpo-fallback">
          {DPO_FALLBACK_NOTE} ({report.fromResponseGenerator} quer{report.fromResponseGenerator === 1 ? "y" : "ies"}).
        </p>
      )}
      {report.note && (
        <p className="text-slate-600" data-testid="run-dpo-note">
          {report.note}
        </p>
      )}
      {report.languages.length > 0 && (
        <ul className="grid gap-0.5">
          {report.languages.map((line) => (
            <li
              key={line.language}
              className="flex flex-wrap gap-x-3 tabular-nums text-slate-600"
              data-testid="run-dpo-language"
              data-language={line.language}
            >
              <span className="w-24 font-medium text-slate-700">{line.language}</span>
              <span>
                {line.queries} quer{line.queries === 1 ? "y" : "ies"} · {line.pairs} pair{line.pairs === 1 ? "" : "s"}
              </span>
              <span data-testid="run-dpo-all-pass">all pass {shareOf(line.allPass, line.queries)}</span>
              <span data-testid="run-dpo-all-fail">all fail {shareOf(line.allFail, line.queries)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
