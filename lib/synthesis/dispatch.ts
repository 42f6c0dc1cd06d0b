import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { uuidv7 } from "@/lib/ids";
import { enqueueJobs } from "@/lib/jobs/enqueue";
import { CANCELLED } from "@/lib/synthesis/items";
import { parseSeedItemKey } from "@/lib/synthesis/seeds";
import { ITEM_JOB, windowSql } from "@/lib/synthesis/window";

/**
 * Back-pressure. A stage's items are all created as rows (they are the run's plan and its progress
 * counts), but only a window of them is on the job queue at a time: `topUpStage` puts the next items
 * of the plan (in `position` order, balanced across languages as the stage chose them) on the queue
 * until the window is full, and runs at stage start, on resume, and in every `synthesis.advance`
 * (keyed and coalesced; an item's settle enqueues it once the stage's items on the queue are down
 * to three quarters of the window, so each top-up is a batch: lib/synthesis/window.ts), always under the run row's lock.
 * So a 100 k-item stage puts a few dozen jobs on the queue, pausing holds at most the window, and
 * resuming re-enqueues at most the window.
 *
 * The window: twice the summed concurrency of the live workers that take the stage's queue (each
 * slot has one job running and one waiting, so a worker never idles while the next top-up is on its
 * way), and at least WINDOW_FLOOR, so that a run started before any worker is up still dispatches
 * something; the first worker to take a job brings the window to its size at the next top-up.
 * ROSETTA_RUN_WINDOW fixes it instead.
 */

type Tx = Prisma.TransactionClient;

export { WINDOW_FLOOR } from "@/lib/synthesis/window";

/** The queue's key of an item's job: at most one pending job per item. */
export function itemJobKey(runId: string, stage: RunStage, itemKey: string): string {
  if (stage === "AGENTS") return `agents:${runId}`;
  if (stage === "DISCUSS") return `discuss:${itemKey}`;
  return `${stage.toLowerCase()}:${runId}:${itemKey}`;
}

/** The job of each item (one job per item, keyed so that the queue holds at most one pending per item). */
async function enqueueItemJobs(tx: Tx | Db, runId: string, stage: RunStage, keys: string[]): Promise<void> {
  // Nothing to dispatch, nothing to add: the AGENTS job is built without the keys, and re-adding it
  // while it runs makes the queue unkey the running job and add a second one (replace mode).
  if (!keys.length) return;
  const jobKey = (key: string) => itemJobKey(runId, stage, key);
  if (stage === "SEED")
    await enqueueJobs(
      tx,
      ITEM_JOB.SEED,
      keys.map((key) => ({ payload: { runId, ...parseSeedItemKey(key) }, jobKey: jobKey(key) })),
    );
  else if (stage === "AGENTS") await enqueueJobs(tx, ITEM_JOB.AGENTS, [{ payload: { runId }, jobKey: jobKey("agents") }]);
  else if (stage === "DISCUSS")
    await enqueueJobs(
      tx,
      ITEM_JOB.DISCUSS,
      keys.map((discussionId) => ({ payload: { runId, discussionId }, jobKey: jobKey(discussionId) })),
    );
  else
    await enqueueJobs(
      tx,
      ITEM_JOB[stage],
      keys.map((candidateId) => ({ payload: { runId, candidateId }, jobKey: jobKey(candidateId) })),
    );
}

/** How many of a stage's items may be on the queue at once (see above). */
export async function dispatchWindow(db: Tx | Db, stage: RunStage): Promise<number> {
  if (env.ROSETTA_RUN_WINDOW) return env.ROSETTA_RUN_WINDOW;
  const [row] = await db.$queryRaw<{ size: number }[]>(windowSql(stage));
  return row!.size;
}

interface WindowItem {
  /** The window's size (every row carries it; one row with no item when none is on the queue). */
  size: number;
  item_key: string | null;
  held: boolean;
  /** The item's job, if the queue has one. */
  key: string | null;
  attempts: number;
  max_attempts: number;
  locked: boolean;
  last_error: string | null;
}

/**
 * The stage's items on the queue (dispatched, not settled) whose job is gone: held by a paused run
 * (resume puts them back), or lost otherwise (none should be; this is the guarantee that a lost job
 * cannot stall a run, checked at every top-up at the cost of one indexed look-up per window). Those whose job failed for good (its handler failed
 * before the item could record it) are settled as failed with the queue's error, so that no item
 * stalls its run forever; the rest are put on the queue again. Read in one statement with the window's size.
 */
async function reviveLostItems(tx: Tx, runId: string, stage: RunStage): Promise<{ inFlight: number; requeued: number; size: number }> {
  // The job's key in SQL (itemJobKey): the item's key after the stage's prefix, or AGENTS' one key.
  const prefix = itemJobKey(runId, stage, "");
  const fixedKey = stage === "AGENTS" ? prefix : null;
  // The settles of the stage in progress commit first, so that the look-up below sees them: a settle's
  // nudge that the queue dropped (this advance's job was already taken) is this advance's to see.
  await tx.$executeRaw`select rosetta_stage_settles_seen(${runId}::uuid, ${stage}::run_stage)`;
  // The literal conditions match run_items_window_idx (a partial index: a parameter would not).
  const rows = await tx.$queryRaw<WindowItem[]>`
    with live as (${windowSql(stage)})
    select live.size, i.item_key, i.held, j.key, j.attempts, j.max_attempts, j.locked_at is not null as locked, j.last_error
    from live left join lateral (
      select item_key, held_at is not null as held from run_items
      where run_id = ${runId}::uuid and stage = ${stage}::run_stage and status in ('QUEUED', 'RUNNING') and dispatched_at is not null
    ) i on true
    left join graphile_worker.jobs j on j.key = coalesce(${fixedKey}::text, ${prefix}::text || i.item_key)`;
  const size = rows[0]!.size;
  const items = rows.filter((row): row is WindowItem & { item_key: string } => row.item_key !== null);
  const missing: string[] = [];
  const failed: WindowItem[] = [];
  for (const item of items) {
    // A held item's job may still be ending (it returned after holding): a new job takes its key.
    if (!item.key || item.held) missing.push(item.item_key);
    else if (!item.locked && item.attempts >= item.max_attempts) failed.push(item);
  }
  for (const item of failed) {
    await tx.runItem.update({
      where: { runId_stage_itemKey: { runId, stage, itemKey: item.item_key! } },
      data: {
        status: "FAILED",
        finishedAt: new Date(),
        // No error on record: every worker that took the job stopped before its attempt ended.
        reason: (item.last_error
          ? `its job failed ${item.attempts} times: ${item.last_error}`
          : `its job was taken ${item.attempts} times and each time its worker stopped before it ended (killed, crashed or cut off from the database)`
        ).slice(0, 4000),
      },
    });
    await tx.$executeRaw`select graphile_worker.remove_job(${item.key}::text)`;
  }
  if (missing.length) {
    await tx.runItem.updateMany({ where: { runId, stage, itemKey: { in: missing } }, data: { heldAt: null } });
    await enqueueItemJobs(tx, runId, stage, missing);
  }
  return { inFlight: items.length - failed.length, requeued: missing.length, size };
}

/**
 * Fills the stage's window from its plan. Call with the run running, where no control or other
 * advance can run beside it (under the advance's locks, or a control's update of the run row).
 * Returns whether the stage still has open items, and how many were put back on the queue (held or
 * lost ones).
 */
export async function topUpStage(tx: Tx, runId: string, stage: RunStage): Promise<{ open: boolean; requeued: number }> {
  const { inFlight, requeued, size } = await reviveLostItems(tx, runId, stage);
  const room = size - inFlight;
  if (room <= 0) return { open: true, requeued };
  // The literal conditions match run_items_plan_idx, so the next items are read in order, not searched for.
  const next = await tx.$queryRaw<{ item_key: string; position: number }[]>`
    update run_items set dispatched_at = now(), updated_at = now() where id in (
      select id from run_items
      where run_id = ${runId}::uuid and stage = ${stage}::run_stage and status = 'QUEUED' and dispatched_at is null
      order by position limit ${room})
    returning item_key, position`;
  next.sort((a, b) => a.position - b.position);
  await enqueueItemJobs(
    tx,
    runId,
    stage,
    next.map((item) => item.item_key),
  );
  return { open: inFlight + next.length > 0, requeued };
}

/** Plans a stage's items (in the order given, which is the order they go on the queue), then fills the window. */
export async function planStageItems(
  tx: Tx,
  runId: string,
  stage: RunStage,
  items: { itemKey: string; language?: string | null }[],
): Promise<boolean> {
  // One statement over arrays: a 100 k-item plan in about a second, where createMany's batches took 48 s.
  await tx.$executeRaw`
    insert into run_items (id, run_id, stage, item_key, language, position, updated_at)
    select t.id, ${runId}::uuid, ${stage}::run_stage, t.item_key, t.language, t.position - 1, now()
    from unnest(${items.map(() => uuidv7())}::uuid[], ${items.map((item) => item.itemKey)}::text[],
      ${items.map((item) => item.language ?? null)}::text[]) with ordinality as t(id, item_key, language, position)`;
  return (await topUpStage(tx, runId, stage)).open;
}

/**
 * Cancel's share of the plan, in constant time: the window only. Its items waiting on the queue
 * fail as cancelled and their jobs leave the queue (those running see the cancel at their claim or
 * next turn). The rest of the plan was never dispatched, so no job can work it; `settleCancelledPlan`
 * settles it afterwards, and until then readers count it as cancelled (`itemStatusOf`).
 */
export async function cancelWindow(tx: Tx, runId: string, now: Date): Promise<number> {
  // Along run_items_window_idx (QUEUED implies its predicate).
  const waiting = await tx.$queryRaw<{ stage: RunStage; item_key: string }[]>`
    update run_items set status = 'FAILED', reason = ${CANCELLED}, finished_at = ${now}, held_at = null, updated_at = now()
    where run_id = ${runId}::uuid and status = 'QUEUED' and dispatched_at is not null
    returning stage, item_key`;
  const keys = waiting.map((item) => itemJobKey(runId, item.stage, item.item_key));
  await tx.$executeRaw`select graphile_worker.remove_job(key) from unnest(${keys}::text[]) as key`;
  return waiting.length;
}

/** Items a cancelled run's plan still holds (undispatched), settled per batch: each a short statement of its own. */
export const CANCEL_BATCH = 5_000;

/**
 * A cancelled run's undispatched items fail as cancelled, a batch per transaction (the
 * `synthesis.advance` job the cancel enqueued does this: a worker killed in between leaves the job
 * to be run again, and the batches already settled stay settled). Returns how many it settled.
 */
export async function settleCancelledPlan(db: Db, runId: string, batch = CANCEL_BATCH): Promise<number> {
  let settled = 0;
  for (;;) {
    // Along run_items_plan_idx (its literal conditions), whatever stage the plan belongs to.
    const n = await db.$executeRaw`
      update run_items i set status = 'FAILED', reason = ${CANCELLED}, finished_at = r.finished_at, updated_at = now()
      from synthesis_runs r
      where r.id = ${runId}::uuid and r.status = 'CANCELLED' and i.id in (
        select id from run_items where run_id = ${runId}::uuid and status = 'QUEUED' and dispatched_at is null limit ${batch})`;
    settled += n;
    if (n < batch) return settled;
  }
}
