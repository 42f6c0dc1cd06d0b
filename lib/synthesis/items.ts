import "server-only";
import type { Db } from "@/lib/db/client";
import { LlmError, UNUSABLE_ANSWER } from "@/lib/llm/errors";

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
 * Claims the item against its run's state, in one transaction that holds the run row FOR SHARE:
 * pause, resume and cancel update that row, so they wait for a claim in progress and a claim waits
 * for them. An item is therefore either claimed before a pause (it runs to the end) or held after
 * it (its job ends without working and resume re-enqueues it), never both and never neither —
 * whichever worker, on whichever machine, runs the job.
 */
async function claimItem(db: Db, ref: ItemRef): Promise<Exclude<ItemOutcome, "worked"> | "claimed"> {
  const where = { runId_stage_itemKey: ref };
  return db.$transaction(async (tx) => {
    const [run] = await tx.$queryRaw<
      { status: string }[]
    >`select status::text as status from synthesis_runs where id = ${ref.runId}::uuid for share`;
    const item = await tx.runItem.findUnique({ where, select: { status: true } });
    if (!item || item.status === "DONE" || item.status === "FAILED") return "settled"; // a duplicate job
    if (run?.status === "PAUSED") {
      // QUEUED again too: a retried job whose worker died mid-item (RUNNING) is held like a queued one.
      await tx.runItem.update({ where, data: { status: "QUEUED", heldAt: new Date() } });
      return "held";
    }
    if (run?.status !== "RUNNING") {
      // Cancelled (or over) while this item was queued or its worker died: it does not start.
      await tx.runItem.update({
        where,
        data: {
          status: "FAILED",
          finishedAt: new Date(),
          reason: run?.status === "CANCELLED" ? CANCELLED : `the run is ${run?.status.toLowerCase().replaceAll("_", " ") ?? "gone"}`,
        },
      });
      return "settled";
    }
    await tx.runItem.update({ where, data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date(), heldAt: null } });
    return "claimed";
  });
}

/** Claims the item, runs `work`, and records how it ended (a settled item is not run again; a paused run's item is held). */
export async function runItem(
  db: Db,
  ref: ItemRef,
  { lastAttempt }: { lastAttempt: boolean },
  work: () => Promise<void>,
): Promise<ItemOutcome> {
  const where = { runId_stage_itemKey: ref };
  const claim = await claimItem(db, ref);
  if (claim !== "claimed") return claim;
  try {
    await work();
    await db.runItem.update({ where, data: { status: "DONE", finishedAt: new Date(), reason: null } });
  } catch (error) {
    const failure = asItemFailure(error);
    if (!failure && !lastAttempt) throw error;
    const reason = failure?.message ?? `gave up after the queue's last attempt: ${error instanceof Error ? error.message : String(error)}`;
    await db.runItem.update({
      where,
      data: { status: "FAILED", finishedAt: new Date(), reason: reason.slice(0, 4000), rawOutput: failure?.raw?.slice(0, 100_000) ?? null },
    });
  }
  return "worked";
}

/** Model failures are the item's, not the worker's. */
export function asItemFailure(error: unknown): ItemFailure | undefined {
  if (error instanceof ItemFailure) return error;
  if (error instanceof LlmError) return new ItemFailure(error.message, error.raw, error.kind);
  return undefined;
}
