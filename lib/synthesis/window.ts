import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { addJobSql } from "@/lib/jobs/enqueue";
import { JOB_SPECS, type JobName } from "@/lib/jobs/specs";

/**
 * The dispatch window's size (lib/synthesis/dispatch.ts says what it is for) and when a settled item
 * calls for a top-up, as SQL: the settle says in the same statement whether the run's advance is due
 * (lib/synthesis/items.ts), so most items settle without an advance behind them.
 */

export const WINDOW_FLOOR = 8;
const JOBS_PER_SLOT = 2;

export const ITEM_JOB = {
  SEED: "synthesis.seed",
  AGENTS: "synthesis.agents",
  DISCUSS: "synthesis.discuss",
  VERIFY: "synthesis.verify",
  SOLVE: "synthesis.solve",
  DPO: "synthesis.dpo",
} as const satisfies Record<RunStage, JobName>;

/** One row: the stage's window (`size`) from the live workers that take the stage's queue. */
export function windowSql(stage: RunStage): Prisma.Sql {
  const queue = JOB_SPECS[ITEM_JOB[stage]].queue;
  return Prisma.sql`
    select coalesce(${env.ROSETTA_RUN_WINDOW ?? null}::int, greatest(${WINDOW_FLOOR}::int, ${JOBS_PER_SLOT}::int * coalesce(sum(concurrency), 0)))::int as size
    from workers
    where stopped_at is null and last_seen_at > now() - make_interval(secs => ${env.ROSETTA_WORKER_STALE_SECONDS})
      and (cardinality(queues) = 0 or ${queue}::text = any(queues))`;
}

/**
 * Whether a stage with `open` items on the queue (dispatched, not settled) wants its advance, given
 * `window` (a row of windowSql): once they are down to three quarters of the window, so that an
 * advance tops up a batch rather than one item while every slot still has a job waiting; and always
 * at the stage's end (none open).
 */
export function topUpDueSql(open: Prisma.Sql, window: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${open} <= ${window}.size - ceil(${window}.size / 4.0)::int`;
}

/** The run's advance job (keyed and in a serial queue of the run's own: lib/synthesis/runs.ts, `enqueueAdvance`). */
export function advanceJobSql(runId: string): Prisma.Sql {
  return addJobSql("synthesis.advance", { runId }, { jobKey: `advance:${runId}`, serialQueue: `advance:${runId}` });
}
