import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { LlmError, UNUSABLE_ANSWER } from "@/lib/llm/errors";
import { advanceJobSql, topUpDueSql, windowSql } from "@/lib/synthesis/window";

/**
 * The outcome of one unit of a run's work. A model that fails for good (after the gateway's retries
 * and one repair round) or answers something unusable fails the item, with the reason and the raw
 * output kept; the run goes on. Anything else (the database went away, the worker is stopping)
 * is thrown to the queue, which retries the job; on its last attempt the item is failed too.
 */
export class ItemFailure extends Error {
  override name = "ItemFailure";
  constructor(
    message: string,
    readonly raw?: string,
    /** The LlmError kind it came from, if a model call failed. */
    readonly kind?: string,
  ) {
    super(message);
  }
}

/**
 * The endpoint answered, but the answer could not be used (it did not parse after the gateway's
 * repair round, or it was cut off at the token limit): unlike transport failures these are per
 * answer, so the stages skip or retry that one answer rather than lose the item.
 */
export function isUnusableKind(kind: string | null | undefined): boolean {
  return kind != null && (UNUSABLE_ANSWER as readonly string[]).includes(kind);
}

/** The model answered, but nothing usable: see UNUSABLE_ANSWER. */
export function isUnusableAnswer(error: unknown): error is ItemFailure | LlmError {
  return (error instanceof ItemFailure || error instanceof LlmError) && isUnusableKind(error.kind);
}

export type RunStageName = "SEED" | "AGENTS" | "DISCUSS" | "VERIFY" | "SOLVE" | "DPO";

export interface ItemRef {
  runId: string;
  stage: RunStageName;
  itemKey: string;
}

/** The reason a cancelled run's items and discussions carry. */
export const CANCELLED = "cancelled";

/**
 * An item's status as readers report it. Cancel settles only the dispatch window at once; the rest
 * of the plan (queued, never dispatched, so never worked) is settled afterwards in batches
 * (lib/synthesis/dispatch.ts: settleCancelledPlan). A cancelled run's queued item is cancelled
 * already, whether or not its row says so yet.
 */
export function itemStatusOf(runStatus: string, itemStatus: string): string {
  return runStatus === "CANCELLED" && itemStatus === "QUEUED" ? "FAILED" : itemStatus;
}

/** Thrown at a turn boundary of a discussion whose run was cancelled: the item fails with "cancelled". */
export class RunCancelled extends ItemFailure {
  override name = "RunCancelled";
  constructor() {
    super(CANCELLED);
  }
}

export type ItemOutcome = "worked" | "settled" | "held";

/**
 * Claims the item against its run's state, in one statement that reads the run row FOR SHARE before
 * it updates the item: pause, resume and cancel update that row, so they wait for a claim in
 * progress and a claim waits for them. An item is therefore either claimed before a pause (it runs
 * to the end) or held after it (its job ends without working and resume re-enqueues it), never
 * both and never neither — whichever worker, on whichever machine, runs the job.
 *
 * One statement, not a transaction of three: the run row is locked only while PostgreSQL runs it,
 * never across round trips to a worker whose event loop is busy. Held across them, each claim kept
 * the advance job's lock (and every claim queued behind it) waiting on that worker.
 * The run row is locked before the item row (the join yields the run's row before the update locks
 * the item's), the order cancel takes them in.
 */
async function claimItem(db: Db, { runId, stage, itemKey }: ItemRef): Promise<Exclude<ItemOutcome, "worked"> | "claimed"> {
  // A settled item (a duplicate job) or a deleted run (its items go with it) matches no row.
  const [row] = await db.$queryRaw<{ run: string }[]>`
    update run_items i set
      status = (case r.status when 'RUNNING' then 'RUNNING' when 'PAUSED' then 'QUEUED' else 'FAILED' end)::run_item_status,
      attempts = i.attempts + (r.status = 'RUNNING')::int,
      started_at = case when r.status = 'RUNNING' then now() else i.started_at end,
      -- Paused: QUEUED again too (a retried job whose worker died mid-item is held like a queued one).
      held_at = case when r.status = 'PAUSED' then now() end,
      -- Cancelled (or over) while this item was queued or its worker died: it does not start.
      finished_at = case when r.status in ('RUNNING', 'PAUSED') then i.finished_at else now() end,
      reason = case when r.status in ('RUNNING', 'PAUSED') then i.reason
                    when r.status = 'CANCELLED' then ${CANCELLED}
                    else 'the run is ' || lower(replace(r.status, '_', ' ')) end,
      updated_at = now()
    from (select status::text as status from synthesis_runs where id = ${runId}::uuid for share) r
    where i.run_id = ${runId}::uuid and i.stage = ${stage}::run_stage and i.item_key = ${itemKey} and i.status in ('QUEUED', 'RUNNING')
    returning r.status as run`;
  if (row?.run === "RUNNING") return "claimed";
  return row?.run === "PAUSED" ? "held" : "settled";
}

/**
 * Records how a claimed item ended and, in the same statement, nudges its run when the stage's
 * window wants a top-up or the stage may be done (lib/synthesis/window.ts): the nudge lands with the
 * settle or not at all, so a worker killed between the two cannot leave a run waiting. The stage's
 * other open items are counted exactly, however its settles race (rosetta_stage_open_items, in the
 * migration 20261211200000_stage_open_items).
 */
async function settleItem(
  db: Db,
  { runId, stage, itemKey }: ItemRef,
  outcome: { status: "DONE" | "FAILED"; reason: string | null; rawOutput: string | null },
): Promise<void> {
  await db.$executeRaw`
    with settled as (
      update run_items set status = ${outcome.status}::run_item_status, finished_at = ${new Date()}, reason = ${outcome.reason},
        raw_output = ${outcome.rawOutput}, updated_at = now()
      where run_id = ${runId}::uuid and stage = ${stage}::run_stage and item_key = ${itemKey}
    ), live as (${windowSql(stage)})
    select ${advanceJobSql(runId)} from live
    where ${topUpDueSql(Prisma.sql`rosetta_stage_open_items(${runId}::uuid, ${stage}::run_stage, ${itemKey})`, Prisma.sql`live`)}`;
}

/** Claims the item, runs `work`, and records how it ended (a settled item is not run again; a paused run's item is held). */
export async function runItem(
  db: Db,
  ref: ItemRef,
  { lastAttempt }: { lastAttempt: boolean },
  work: () => Promise<void>,
): Promise<ItemOutcome> {
  const claim = await claimItem(db, ref);
  if (claim !== "claimed") return claim;
  try {
    await work();
    await settleItem(db, ref, { status: "DONE", reason: null, rawOutput: null });
  } catch (error) {
    const failure = asItemFailure(error);
    if (!failure && !lastAttempt) throw error;
    const reason = failure?.message ?? `gave up after the queue's last attempt: ${error instanceof Error ? error.message : String(error)}`;
    await settleItem(db, ref, { status: "FAILED", reason: reason.slice(0, 4000), rawOutput: failure?.raw?.slice(0, 100_000) ?? null });
  }
  return "worked";
}

/** Model failures are the item's, not the worker's. */
export function asItemFailure(error: unknown): ItemFailure | undefined {
  if (error instanceof ItemFailure) return error;
  if (error instanceof LlmError) return new ItemFailure(error.message, error.raw, error.kind);
  return undefined;
}
