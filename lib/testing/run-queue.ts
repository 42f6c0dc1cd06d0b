import type { Db } from "@/lib/db/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { itemJobKey } from "@/lib/synthesis/dispatch";
import { runItem } from "@/lib/synthesis/items";

/**
 * A run's item jobs on the queue, seen and worked without a worker process (tests and
 * bench/backpressure.ts): for the SEED and candidate stages, whose job keys name the run.
 */

const prefix = (runId: string, stage: RunStage) => itemJobKey(runId, stage, "");

/** The stage's jobs on the queue (waiting or running). */
export async function countItemJobs(db: Db, runId: string, stage: RunStage): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs where key like ${`${prefix(runId, stage)}%`}`;
  return row?.n ?? 0;
}

/** Takes up to `limit` waiting jobs off the queue, oldest first, as workers dequeue them; returns their items' keys. */
export async function takeItemJobs(db: Db, runId: string, stage: RunStage, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    delete from graphile_worker._private_jobs where id in (
      select id from graphile_worker._private_jobs where key like ${`${prefix(runId, stage)}%`} and locked_at is null order by id limit ${limit})
    returning key`;
  return rows.map((row) => row.key.slice(prefix(runId, stage).length));
}

/**
 * Works the given items as their jobs would, `parallel` at a time, through the real claim (`runItem`)
 * with `work` as the stage's work; returns how each ended (worked, held by a paused run, or already settled).
 */
export async function workItems(
  db: Db,
  runId: string,
  stage: RunStage,
  itemKeys: string[],
  { parallel = 8, work = async () => undefined }: { parallel?: number; work?: () => Promise<void> } = {},
): Promise<string[]> {
  const outcomes: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < itemKeys.length) {
        const itemKey = itemKeys[next++]!;
        outcomes.push(await runItem(db, { runId, stage, itemKey }, { lastAttempt: false }, work));
      }
    }),
  );
  return outcomes;
}
