/**
 * How a run's state reads everywhere it is shown (the dashboard, the run controls): the words, and
 * a colour that says at a glance whether anything was lost — green all done, amber finished with
 * some items failed, red most of a stage failed.
 */

const LABEL: Record<string, string> = { FINISHED_WITH_FAILURES: "finished with failures" };
const TONE: Record<string, string> = {
  RUNNING: "bg-sky-100 text-sky-800",
  PAUSED: "bg-indigo-100 text-indigo-800",
  SUCCEEDED: "bg-emerald-100 text-emerald-800",
  FINISHED_WITH_FAILURES: "bg-amber-100 text-amber-900 ring-1 ring-amber-400",
  FAILED: "bg-rose-100 text-rose-800 ring-1 ring-rose-400",
  CANCELLED: "bg-slate-200 text-slate-700",
};

export const runStatusLabel = (status: string) => LABEL[status] ?? status.toLowerCase().replaceAll("_", " ");
export const runStatusTone = (status: string) => TONE[status] ?? "bg-slate-100 text-slate-700";

/** Failed items as a share: "3 of 40 items failed (8%)"; a share under 1% is not rounded away. */
export function failureShare(failed: number, total: number): string {
  const percent = total ? (failed / total) * 100 : 0;
  const shown = percent > 0 && percent < 1 ? "<1" : String(Math.round(percent));
  return `${failed} of ${total} item${total === 1 ? "" : "s"} failed (${shown}%)`;
}

/** A share of lost items is a warning; a run that failed outright is an error. */
export const lossTone = (status: string) => (status === "FAILED" ? "rose" : "amber");

export const STAGE_LABEL: Record<string, string> = {
  SEED: "seed pairs",
  AGENTS: "agents",
  DISCUSS: "discussions",
  VERIFY: "verify",
  SOLVE: "solve",
  DPO: "DPO",
};
