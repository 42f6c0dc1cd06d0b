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

/**
 * One row: the stage's window (`size`) and how many jobs the live workers that take its queue run at
 * once (`jobs`, `jobsAtOnce` of lib/jobs/worker.ts summed: the most settles that can be under way together).
 */
export function windowSql(stage: RunStage): Prisma.Sql {
  const queue = JOB_SPECS[ITEM_JOB[stage]].queue;
  return Prisma.sql`
    select coalesce(${env.ROSETTA_RUN_WINDOW ?? null}::int, greatest(${WINDOW_FLOOR}::int, ${JOBS_PER_SLOT}::int * coalesce(sum(concurrency), 0)))::int as size,
      coalesce(sum(concurrency + ceil(concurrency / 4.0)), 0)::int as jobs
    from workers
    where stopped_at is null and last_seen_at > now() - make_interval(secs => ${env.ROSETTA_WORKER_STALE_SECONDS})
      and (cardinality(queues) = 0 or ${queue}::text = any(queues))`;
}

/**
 * Whether a stage with `open` items on the queue (dispatched, not settled) wants its advance, given
 * `window` (a row of windowSql): when a quarter of the window has settled since the last top-up, so
 * an advance tops up a batch rather than one item, while every slot still has a job waiting.
 *
 * Never less than `jobs`: the settles under way together count one another as open (each reads a
 * snapshot taken before the others commit), at most `jobs` of them, so the last of any burst sees at
 * most `jobs - 1` others: a stage's last items, however they race, always nudge its run, and a stage
 * never waits for an advance nobody asked for.
 */
export function topUpDueSql(open: Prisma.Sql, window: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${open} <= greatest(${window}.size - ceil(${window}.size / 4.0)::int, ${window}.jobs)`;
}

/** The run's advance job (keyed and in a serial queue of the run's own: lib/synthesis/runs.ts, `enqueueAdvance`). */
export function advanceJobSql(runId: string): Prisma.Sql {
  return addJobSql("synthesis.advance", { runId }, { jobKey: `advance:${runId}`, serialQueue: `advance:${runId}` });
}
