import { SOURCES, type LanguageStatistics } from "@/components/datasets/schemas";
import { count, rate, score, tokens } from "@/components/datasets/format";

/** The per-language table of a version (the same figures as the dataset card's). */
export function LanguageTable({ languages }: { languages: LanguageStatistics[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="version-language-table">
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1">Language</th>
            <th className="py-1 text-right">Items</th>
            {SOURCES.map((source) => (
              <th key={source} className="py-1 text-right">
                {source === "HUMAN_EDIT" ? "Edits" : source}
              </th>
            ))}
            <th className="py-1 text-right">Verified</th>
            <th className="py-1 text-right">Tests pass</th>
            <th className="py-1 text-right">Mean score</th>
            <th className="py-1 text-right">Median problem tokens</th>
            <th className="py-1 text-right">Median solution tokens</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {languages.map((l) => (
            <tr key={l.language} data-testid="version-language-row" data-language={l.language}>
              <td className="py-1">{l.language}</td>
              <td className="py-1 text-right">{count(l.total)}</td>
              {SOURCES.map((source) => (
                <td key={source} className="py-1 text-right">
                  {count(l.bySource[source])}
                </td>
              ))}
              <td className="py-1 text-right">{count(l.verified)}</td>
              <td className="py-1 text-right">{rate(l.passRate)}</td>
              <td className="py-1 text-right">{score(l.meanScore)}</td>
              <td className="py-1 text-right">{tokens(l.medianProblemTokens)}</td>
              <td className="py-1 text-right">{tokens(l.medianSolutionTokens)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
