import { agreementBand, type AgreementFigure } from "@/lib/review/agreement/report-types";

export const fixed = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));
export const percentOf = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`);
export const symbolOf = (figure: Pick<AgreementFigure, "method">) => (figure.method === "kappa" ? "κ" : "α");

const TONES = {
  good: "bg-emerald-100 text-emerald-900",
  fair: "bg-amber-100 text-amber-900",
  poor: "bg-rose-100 text-rose-900",
  none: "bg-slate-100 text-slate-600",
} as const;

/** "κ 0.40 moderate", coloured by the band (Landis & Koch for κ, Krippendorff for α). */
export function FigureValue({ figure }: { figure: Pick<AgreementFigure, "method" | "value" | "items"> }) {
  if (!figure.items) return <span className="text-slate-500">—</span>;
  const band = agreementBand(figure);
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap tabular-nums">
      <span>
        {symbolOf(figure)} {fixed(figure.value)}
      </span>
      <span className={`rounded px-1.5 py-0.5 text-xs ${TONES[band.tone]}`}>{band.label}</span>
    </span>
  );
}
