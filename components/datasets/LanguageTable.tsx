import { DataTable, type Column } from "@/components/DataTable";
import { SOURCES, type LanguageStatistics } from "@/components/datasets/schemas";
import { count, rate, score, tokens } from "@/components/datasets/format";

const COLUMNS: Column<LanguageStatistics>[] = [
  { header: "Language", cell: (l) => l.language },
  { header: "Items", align: "right", cell: (l) => count(l.total) },
  ...SOURCES.map((source): Column<LanguageStatistics> => ({
    header: source === "HUMAN_EDIT" ? "Edits" : source === "IMPORTED" ? "Imported" : source,
    align: "right",
    cell: (l) => count(l.bySource[source]),
  })),
  { header: "Verified", align: "right", cell: (l) => count(l.verified) },
  { header: "Tests pass", align: "right", cell: (l) => rate(l.passRate) },
  { header: "Mean score", align: "right", cell: (l) => score(l.meanScore) },
  { header: "Median problem tokens", align: "right", cell: (l) => tokens(l.medianProblemTokens) },
  { header: "Median solution tokens", align: "right", cell: (l) => tokens(l.medianSolutionTokens) },
];

/** The per-language table of a version (the same figures as the dataset card's). */
export function LanguageTable({ languages }: { languages: LanguageStatistics[] }) {
  return (
    <DataTable
      testId="version-language-table"
      columns={COLUMNS}
      rows={languages}
      rowKey={(l) => l.language}
      rowAttributes={(l) => ({ "data-testid": "version-language-row", "data-language": l.language })}
      bodyClassName="tabular-nums"
    />
  );
}
