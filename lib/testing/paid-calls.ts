import type { Db } from "@/lib/db/client";
import { PROBE_STAGE } from "@/lib/llm/structured-output";

/**
 * What a run paid for and whether it kept it. A successful model call (llm_calls.error_code null)
 * is kept when a step references it: a discussion's turn (turns.llm_call_id) or a durable step
 * outside discussions (work_steps.llm_call_id), the only two tables with an llm_call_id column. One
 * referenced by neither was paid for and its answer lost, so the work was bought again.
 * The structured-output probe is left out: it is no step's answer, what it found is kept on the
 * endpoint profile (endpoint_profiles.structured_output_detected), and it is made once per endpoint.
 */
export async function paidCallFigures(
  db: Db,
  runId: string,
): Promise<{ successful: number; unlinked: number; probes: number; duplicatedTurnSteps: number }> {
  const [row] = await db.$queryRaw<[{ successful: number; unlinked: number; probes: number }]>`
    select coalesce(sum(c.calls) filter (where c.stage <> ${PROBE_STAGE}), 0)::int as successful,
           count(*) filter (where c.stage <> ${PROBE_STAGE}
                              and not exists (select 1 from turns t where t.llm_call_id = c.id)
                              and not exists (select 1 from work_steps w where w.llm_call_id = c.id))::int as unlinked,
           count(*) filter (where c.stage = ${PROBE_STAGE})::int as probes
    from llm_calls c
    where c.run_id = ${runId}::uuid and c.error_code is null`;
  // A step answered twice in one discussion's log (work_steps cannot hold a step twice: (key, step) is unique).
  const [{ duplicated }] = await db.$queryRaw<[{ duplicated: number }]>`
    select count(*)::int as duplicated from (
      select t.discussion_id, t.payload->>'step' from turns t join discussions d on d.id = t.discussion_id
      where d.run_id = ${runId}::uuid and t.kind not in ('PROMPT', 'ERROR')
      group by 1, 2 having count(*) > 1) twice`;
  return { ...row, duplicatedTurnSteps: duplicated };
}

/**
 * A run stage's successful calls per role, as the sum of `calls` (a stored item's calls are rolled up
 * into one row: lib/synthesis/steps.ts).
 */
export async function callsByRole(db: Db, runId: string, stage: string): Promise<Record<string, number | null>> {
  const calls = await db.llmCall.groupBy({ by: ["role"], where: { runId, stage, errorCode: null }, _sum: { calls: true } });
  return Object.fromEntries(calls.map((c) => [c.role, c._sum.calls]));
}
