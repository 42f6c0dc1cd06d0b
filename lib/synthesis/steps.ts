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
 *
 * `durableSteps(db, key)` gives an item's steps: the key's stored rows are read once, at its first
 * step (one look-up along the (key, step) index, not one per step: a DPO query has 128). A step
 * that a second worker on the same item (one taken for dead) stores after that read is bought again
 * here, as one it stored while this worker's call was in flight always was; the first answer stored
 * is the one kept.
 */
export function durableSteps(db: Db, key: string) {
  let stored: Promise<Map<string, Prisma.JsonValue>> | undefined;
  return async <T>(step: string, call: () => Promise<{ value: T; llmCallId?: string; row?: LlmCallRecord }>): Promise<T> => {
    stored ??= db.$queryRaw<{ step: string; output: Prisma.JsonValue }[]>`
      select step, output from work_steps where key = ${key}`.then((rows) => new Map(rows.map((row) => [row.step, row.output])));
    const rows = await stored;
    const done = rows.get(step);
    // Settled: the item's outcome was stored (by a worker taken for dead, racing this one) and its steps
    // rolled up (an answer JSON null: settled before the roll-up existed). Not an item failure: the
    // job's retry finds the outcome and returns.
    if (done === null || [...rows.keys()].some((name) => name.startsWith(SETTLED)))
      throw new Error(`step ${step} of ${key} was settled: its item's outcome is stored`);
    if (done !== undefined) return done as T;
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
  };
}

/** One durable step of `key` (see durableSteps, which an item with several steps uses instead). */
export function durableStep<T>(
  db: Db,
  key: string,
  step: string,
  call: () => Promise<{ value: T; llmCallId?: string; row?: LlmCallRecord }>,
): Promise<T> {
  return durableSteps(db, key)(step, call);
}

/** The step name of a settled item's rows: `settled` alone, or `settled:<llm_calls id>` with a rolled-up call. */
const SETTLED = "settled";

/**
 * Once an item's outcome is stored (a seed sample, a solve check, a DPO query), its job returns
 * before asking for any step again, so its steps and their answers are read by nothing. At paper
 * scale the DPO samples were most of the database: per query 128 llm_calls rows and 128 work_steps
 * rows. So, in the transaction that stores the outcome, the key's steps go and their calls are
 * rolled up: one llm_calls row per kind of call (project, run, endpoint, role, model, stage,
 * language, finish reason, estimated or not, UTC day) standing for `calls` of them, tokens, cost,
 * latency and attempts summed, so every sum and count of calls (as a sum of `calls`) is unchanged;
 * each rolled-up row keeps a work step (`settled:<its id>`, no answer) so that a paid call stays tied to
 * its item (named after it), and a key whose steps made no call keeps one `settled` row. Either tells a worker
 * racing on the item (taken for dead) that it is settled, so it never buys a sample again. Calls
 * that failed are no step's and stay as they are, with their error and raw output.
 */
export async function settleSteps(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw(settleStepsSql(key));
}

/**
 * settleSteps as one statement, after `outcome` (a data-modifying statement that stores the item's
 * outcome): the two together are atomic without a transaction around them.
 */
export function settleStepsSql(key: string, outcome: Prisma.Sql = Prisma.sql`select 1`): Prisma.Sql {
  return Prisma.sql`
    with outcome as (${outcome}), steps as (
      delete from work_steps where key = ${key} and step <> ${SETTLED} and step not like ${`${SETTLED}:%`} returning llm_call_id
    ), paid as (
      delete from llm_calls c using steps s where c.id = s.llm_call_id returning c.*
    ), rolled as (
      insert into llm_calls (id, project_id, run_id, endpoint_profile_id, role, model, stage, language, finish_reason, usage_estimated,
                             calls, prompt_tokens, completion_tokens, latency_ms, time_to_first_token_ms, attempts, cost_usd, created_at)
      select uuidv7(), project_id, run_id, endpoint_profile_id, role, model, stage, language, finish_reason, usage_estimated,
             sum(calls), sum(prompt_tokens), sum(completion_tokens), sum(latency_ms), round(avg(time_to_first_token_ms)), sum(attempts),
             sum(cost_usd), min(created_at)
      from paid
      group by project_id, run_id, endpoint_profile_id, role, model, stage, language, finish_reason, usage_estimated, date_trunc('day', created_at)
      returning id
    )
    insert into work_steps (id, key, step, output, llm_call_id)
    select uuidv7(), ${key}, ${`${SETTLED}:`} || id, 'null'::jsonb, id from rolled
    union all
    select uuidv7(), ${key}, ${SETTLED}, 'null'::jsonb, null
    where not exists (select 1 from rolled) and not exists (select 1 from work_steps where key = ${key} and step like ${`${SETTLED}%`})
    on conflict do nothing`;
}
