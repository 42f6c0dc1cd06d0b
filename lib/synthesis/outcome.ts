import type { RunStage, RunStatus } from "@/lib/db/generated/enums";

/**
 * How a run ends, from its items. A run that lost items must say so loudly: a silent success is
 * the worst outcome this product can have.
 *
 * - SUCCEEDED: no item of any stage failed.
 * - FAILED: in some stage with at least one item, more than half of its items failed.
 * - FINISHED_WITH_FAILURES: anything in between.
 *
 * The error line counts failures per stage ("seed 3 of 40 failed; discuss 1 of 12 failed") and names
 * a stage left with nothing to work on after an earlier stage's failures, so an empty stage never
 * reads as a clean one.
 */

export type RunOutcomeStatus = Extract<RunStatus, "SUCCEEDED" | "FINISHED_WITH_FAILURES" | "FAILED">;

export interface StageItemCounts {
  stage: RunStage;
  total: number;
  failed: number;
}

export function runOutcome(stages: StageItemCounts[]): { status: RunOutcomeStatus; error: string | null } {
  const parts: string[] = [];
  let failedBefore = false;
  let most = false;
  for (const { stage, total, failed } of stages) {
    const name = stage.toLowerCase();
    if (failed) parts.push(`${name} ${failed} of ${total} failed`);
    else if (!total && failedBefore) parts.push(`${name} had nothing to work on`);
    if (total && failed * 2 > total) most = true;
    failedBefore ||= failed > 0;
  }
  if (!failedBefore) return { status: "SUCCEEDED", error: null };
  return { status: most ? "FAILED" : "FINISHED_WITH_FAILURES", error: parts.join("; ") };
}
