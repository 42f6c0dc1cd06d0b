import "server-only";
import type { Db } from "@/lib/db/client";
import { LlmError } from "@/lib/llm/errors";

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
  ) {
    super(message);
  }
}

export type RunStageName = "SEED" | "AGENTS" | "DISCUSS" | "VERIFY" | "DPO";

export interface ItemRef {
  runId: string;
  stage: RunStageName;
  itemKey: string;
}

/** Marks the item running, runs `work`, and records how it ended (a settled item is not run again). */
export async function runItem(db: Db, ref: ItemRef, { lastAttempt }: { lastAttempt: boolean }, work: () => Promise<void>): Promise<void> {
  const where = { runId_stage_itemKey: ref };
  const item = await db.runItem.findUnique({ where, select: { status: true } });
  if (!item || item.status === "DONE" || item.status === "FAILED") return; // settled already: a duplicate job
  await db.runItem.update({ where, data: { status: "RUNNING", attempts: { increment: 1 }, startedAt: new Date() } });
  try {
    await work();
    await db.runItem.update({ where, data: { status: "DONE", finishedAt: new Date(), reason: null } });
  } catch (error) {
    const failure = asItemFailure(error);
    if (!failure && !lastAttempt) throw error;
    const reason = failure?.message ?? `gave up after the queue's last attempt: ${error instanceof Error ? error.message : String(error)}`;
    await db.runItem.update({ where, data: { status: "FAILED", finishedAt: new Date(), reason: reason.slice(0, 4000), rawOutput: failure?.raw?.slice(0, 100_000) ?? null } });
  }
}

/** Model failures are the item's, not the worker's. */
export function asItemFailure(error: unknown): ItemFailure | undefined {
  if (error instanceof ItemFailure) return error;
  if (error instanceof LlmError) return new ItemFailure(error.message, error.raw);
  return undefined;
}
