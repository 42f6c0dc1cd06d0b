import "server-only";
import type { Db } from "@/lib/db/client";
import { summarizeRun } from "@/lib/synthesis/summary";

/** A run's most frequent failure reasons, across its stages: what the run list and the dashboard show beside its failure share. */
export type RunFailureReason = { stage: string; reason: string; count: number };

/** How many reasons a run shows (the rest are in `rosetta run`'s summary and the dashboard's failures chart). */
export const TOP_REASONS = 3;

/**
 * Summaries by the run and what its items had settled into when it was made: the pages poll every
 * second or two, and a run's reasons change only when its items do. Bounded, oldest out first.
 */
const cache = new Map<string, RunFailureReason[]>();
const CACHE_SIZE = 500;

/**
 * The top failure reasons of each run that has failed items, grouped as `rosetta run`'s summary
 * groups them (summarizeRun: ids and numbers aside, equal causes together), most frequent first.
 * `runs` carries each run's settled counts, which the callers have already grouped.
 */
export async function runFailureReasons(
  db: Db,
  runs: { id: string; done: number; failed: number }[],
): Promise<Map<string, RunFailureReason[]>> {
  const found = await Promise.all(
    runs
      .filter((run) => run.failed > 0)
      .map(async (run): Promise<[string, RunFailureReason[]]> => {
        const key = `${run.id}:${run.done}:${run.failed}`;
        let reasons = cache.get(key);
        if (!reasons) {
          const summary = await summarizeRun(db, run.id);
          reasons = summary.stages
            .flatMap((stage) => stage.reasons.map(({ reason, count }) => ({ stage: stage.stage, reason: reason.slice(0, 300), count })))
            .sort((a, b) => b.count - a.count)
            .slice(0, TOP_REASONS);
          cache.set(key, reasons);
          if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
        }
        return [run.id, reasons];
      }),
  );
  return new Map(found);
}
