import type { EvalRunView } from "@/lib/eval/view-types";

/** pass@1 as the paper prints it: a percentage with one decimal; "–" where a run has no score. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : (value * 100).toFixed(1);
}

const STATUS_TONE: Record<EvalRunView["status"], string> = {
  QUEUED: "bg-slate-100 text-slate-700",
  RUNNING: "bg-amber-100 text-amber-800",
  SUCCEEDED: "bg-emerald-100 text-emerald-800",
  FINISHED_WITH_FAILURES: "bg-amber-100 text-amber-800",
  FAILED: "bg-rose-100 text-rose-800",
  CANCELLED: "bg-slate-100 text-slate-600",
};

export function EvalStatusBadge({ status }: { status: EvalRunView["status"] }) {
  return (
    <span
      data-testid="eval-status"
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONE[status]}`}
    >
      {status === "RUNNING" && <span className="h-2 w-2 animate-pulse rounded-full bg-amber-500" aria-hidden />}
      {status.toLowerCase().replaceAll("_", " ")}
    </span>
  );
}

/** A run as tables name it: its label, with the model when the label is not the model itself. */
export function runTitle(run: EvalRunView): string {
  return run.label === run.model ? run.model : `${run.label} (${run.model})`;
}
