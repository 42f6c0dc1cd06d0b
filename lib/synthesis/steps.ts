import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { uuidv7 } from "@/lib/ids";
import { llmCallsInsert, type LlmCallRecord } from "@/lib/llm/accounting";

/**
 * Durable steps: a model call whose answer is stored under (key, step) is never paid for twice.
 * A job that runs again after a crash finds the answers it already has and asks only for the rest.
 *
 * The call's llm_calls row (`row`, from a call made with `recordWithStep`) is written in the same
 * transaction as the step. Written apart, a kill between the two writes left a call paid for and
 * referenced by nothing (or a step pointing at a row never written), and the replay bought it again:
 * now a kill loses at most the calls still in flight, which were never recorded.
 */
export async function durableStep<T>(
  db: Db,
  key: string,
  step: string,
  call: () => Promise<{ value: T; llmCallId?: string; row?: LlmCallRecord }>,
): Promise<T> {
  const done = await db.workStep.findUnique({ where: { key_step: { key, step } }, select: { output: true } });
  // Settled: the item's outcome was stored (by a worker taken for dead, racing this one) and the answers
  // dropped. Not an item failure: the job's retry finds the outcome and returns.
  if (done?.output === null) throw new Error(`step ${step} of ${key} was settled: its item's outcome is stored`);
  if (done) return done.output as T;
  const { value, llmCallId, row } = await call();
  // Two workers racing on the same step (only possible after a false death) keep the first answer;
  // the second call is still recorded: it was paid for.
  // One statement (the call's row in a CTE): one round trip between a job's calls, not a transaction's four.
  await db.$executeRaw`
    with call as (${row ? llmCallsInsert([row]) : Prisma.sql`select 1`})
    insert into work_steps (id, key, step, output, llm_call_id)
    values (${uuidv7()}::uuid, ${key}, ${step}, ${JSON.stringify(value)}::jsonb, ${llmCallId ?? null}::uuid)
    on conflict (key, step) do nothing`;
  return value;
}

/**
 * Once an item's outcome is stored (a seed sample, a solve check, a DPO query), its job returns
 * before asking for any step again, so the answers its steps hold are read by nothing: they go
 * (JSON null), the rows stay to tie each paid call to its step. At paper scale the DPO samples alone
 * (128 answers a query) were most of the database. Called in the transaction that stores the outcome.
 */
export async function settleSteps(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw`update work_steps set output = 'null'::jsonb where key = ${key} and output <> 'null'::jsonb`;
}
