import { DataTable, type Column } from "@/components/DataTable";
import { fixed } from "@/components/agreement/format";
import { JUDGE_MIN_ITEMS, type JudgeFigure } from "@/lib/review/agreement/report-types";

const TRUST = {
  trusted: { label: "trust the scorer", tone: "bg-emerald-100 text-emerald-900" },
  check: { label: "spot-check", tone: "bg-amber-100 text-amber-900" },
  untrusted: { label: "humans needed", tone: "bg-rose-100 text-rose-900" },
  "too-few": { label: `under ${JUDGE_MIN_ITEMS} items`, tone: "bg-slate-100 text-slate-600" },
} as const;

const signed = (value: number | null) => (value === null ? "—" : `${value > 0 ? "+" : ""}${value.toFixed(2)}`);

const COLUMNS: Column<JudgeFigure>[] = [
  { header: "Aspect", cell: (j) => (j.language ? "" : j.aspect.replaceAll("_", " ")) },
  { header: "Language", cell: (j) => j.language ?? <span className="font-medium">all</span> },
  { header: "Items", align: "right", cellClassName: "tabular-nums", cell: (j) => j.n },
  { header: "Pearson r", align: "right", cellClassName: "tabular-nums", cell: (j) => fixed(j.pearson) },
  { header: "Spearman ρ", align: "right", cellClassName: "tabular-nums", cell: (j) => fixed(j.spearman) },
  { header: "MAD", align: "right", cellClassName: "tabular-nums", cell: (j) => fixed(j.mad) },
  { header: "Judge − humans", align: "right", cellClassName: "tabular-nums", cell: (j) => signed(j.meanSigned) },
  {
    header: "Verdict",
    cell: (j) => <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs ${TRUST[j.trust].tone}`}>{TRUST[j.trust].label}</span>,
  },
];

/** The LLM judge held to humans, per aspect (all languages, then each), coloured by `judgeTrust`'s rule. */
export function JudgeTable({ rows }: { rows: JudgeFigure[] }) {
  return (
    <DataTable
      variant="card"
      testId="agreement-judge"
      columns={COLUMNS}
      rows={rows}
      rowKey={(j) => `${j.aspect}:${j.language ?? ""}`}
      rowAttributes={(j) => ({ "data-aspect": j.aspect, "data-language": j.language ?? "all", "data-trust": j.trust })}
    />
  );
}
