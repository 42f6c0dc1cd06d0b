import { percent } from "@/components/evaluations/format";
import type { EvalRunView } from "@/lib/eval/view-types";

/** A run's scores per language: settled by the engine (problems, exclusions, pass@k) or counted from the answers so far. */
export function LanguageSummary({ run }: { run: EvalRunView }) {
  const withK = run.samples > 1;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 bg-white" data-testid="eval-summary">
      <table className="min-w-full text-sm">
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            <th className="px-3 py-2 font-medium">Language</th>
            <th className="px-3 py-2 text-right font-medium">Problems</th>
            <th className="px-3 py-2 text-right font-medium">Answers</th>
            <th className="px-3 py-2 text-right font-medium">Passed</th>
            <th className="px-3 py-2 text-right font-medium">pass@1</th>
            {withK && <th className="px-3 py-2 text-right font-medium">pass@{run.samples}</th>}
            <th className="px-3 py-2 text-right font-medium">Left out</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {run.perLanguage.map((l) => (
            <tr key={l.language} data-testid="summary-row" data-language={l.language}>
              <td className="px-3 py-2">{l.language}</td>
              <td className="px-3 py-2 text-right">{l.problems ?? "–"}</td>
              <td className="px-3 py-2 text-right">{l.settled}</td>
              <td className="px-3 py-2 text-right">{l.passed}</td>
              <td className="px-3 py-2 text-right font-medium" data-testid="summary-pass1">
                {percent(l.pass1)}
                {!l.final && <span className="font-normal text-slate-500"> so far</span>}
              </td>
              {withK && <td className="px-3 py-2 text-right">{percent(l.passK)}</td>}
              <td className="px-3 py-2 text-right" title="Problems whose canonical solution fails its own tests">
                {l.excluded ?? "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
