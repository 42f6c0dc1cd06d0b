import { runStatusLabel, runStatusTone } from "@/components/runs/run-status";

/** A run's state as a coloured badge (its words in `data-status` too, as the API spells it). */
export function RunStatusBadge({ status, testId = "run-status" }: { status: string; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`rounded px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${runStatusTone(status)}`}
    >
      {status === "FINISHED_WITH_FAILURES" || status === "FAILED" ? "⚠ " : ""}
      {runStatusLabel(status)}
    </span>
  );
}
