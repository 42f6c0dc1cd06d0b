import { DataTable, type Column } from "@/components/DataTable";
import { FigureValue, percentOf } from "@/components/agreement/format";
import type { LanguageFigure, PairFigure, RubricQuestionFigure } from "@/lib/review/agreement/report-types";

const LANGUAGE_COLUMNS: Column<LanguageFigure>[] = [
  { header: "Language", cell: (l) => l.language },
  { header: "Agreement", cell: (l) => <FigureValue figure={l} /> },
  { header: "Agree", align: "right", cellClassName: "tabular-nums", cell: (l) => percentOf(l.percent) },
  { header: "Items", align: "right", cellClassName: "tabular-nums", cell: (l) => l.items },
  { header: "Annotators", align: "right", cellClassName: "tabular-nums", cell: (l) => l.annotators },
];

/** Decision agreement per language (κ where the same two annotators decided every item, else α). */
export function LanguageAgreementTable({ rows }: { rows: LanguageFigure[] }) {
  return (
    <DataTable
      variant="card"
      testId="agreement-languages"
      columns={LANGUAGE_COLUMNS}
      rows={rows}
      rowKey={(l) => l.language}
      rowAttributes={(l) => ({ "data-language": l.language })}
      empty="No language has an item decided by two annotators."
    />
  );
}

const PAIR_COLUMNS: Column<PairFigure>[] = [
  { header: "Annotators", cell: (p) => `${p.a.name} · ${p.b.name}` },
  { header: "Cohen's κ", cell: (p) => <FigureValue figure={{ method: "kappa", value: p.kappa, items: p.items }} /> },
  { header: "Agree", align: "right", cellClassName: "tabular-nums", cell: (p) => percentOf(p.percent) },
  { header: "Shared items", align: "right", cellClassName: "tabular-nums", cell: (p) => p.items },
];

/** Who agrees with whom: each pair's κ over the items both decided, most shared items first. */
export function PairAgreementTable({ rows }: { rows: PairFigure[] }) {
  return (
    <DataTable
      variant="card"
      testId="agreement-pairs"
      columns={PAIR_COLUMNS}
      rows={rows}
      rowKey={(p) => `${p.a.id}:${p.b.id}`}
      empty="No two annotators have decided the same item yet."
    />
  );
}

type RubricRow = { key: string; question: string; what: string; figure: RubricQuestionFigure["figure"] };

const RUBRIC_COLUMNS: Column<RubricRow>[] = [
  { header: "Question", cell: (r) => r.question },
  { header: "Measured as", cellClassName: "text-slate-600", cell: (r) => r.what },
  { header: "Agreement", cell: (r) => (r.figure ? <FigureValue figure={r.figure} /> : "—") },
  { header: "Agree", align: "right", cellClassName: "tabular-nums", cell: (r) => (r.figure ? percentOf(r.figure.percent) : "—") },
  { header: "Items", align: "right", cellClassName: "tabular-nums", cell: (r) => r.figure?.items ?? 0 },
];

/**
 * Rubric agreement: a scale question at the interval level (weighted κ / interval α); a labels
 * question one row per label, each annotator's answer read as picked or not, and for a one-label
 * question the label picked as a whole.
 */
export function RubricAgreementTable({ questions }: { questions: RubricQuestionFigure[] }) {
  const rows: RubricRow[] = questions.flatMap((q) => [
    ...(q.figure
      ? [{ key: q.id, question: q.label, what: q.kind === "scale" ? "1–5 scale, interval" : "label picked, nominal", figure: q.figure }]
      : []),
    ...q.labels.map((l) => ({
      key: `${q.id}:${l.label}`,
      question: `${q.label}: ${l.label}`,
      what: "picked or not, nominal",
      figure: l.figure,
    })),
  ]);
  return (
    <DataTable
      variant="card"
      testId="agreement-rubric"
      columns={RUBRIC_COLUMNS}
      rows={rows}
      rowKey={(r) => r.key}
      empty="The rubric has no scale or labels question (text answers are not measured)."
    />
  );
}
