import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { JOB_SPECS, type JobName, type JobPayload } from "@/lib/jobs/specs";

type SqlRunner = Pick<Db, "$executeRaw">;

export interface EnqueueOptions {
  /** At most one pending job per key: enqueueing again replaces the pending one's payload and time. */
  jobKey?: string;
  runAt?: Date;
  priority?: number;
  /** Jobs of one serial queue run one at a time, whichever worker takes them (graphile's named queue). */
  serialQueue?: string;
}

/**
 * The queue's `add_job` call for one job, as an SQL expression: to run on its own (`enqueueJob`) or
 * inside a statement that does something else too, so the job lands with that change and costs
 * no statement of its own (a settled item's nudge to its run: lib/synthesis/items.ts).
 */
export function addJobSql<Name extends JobName>(
  name: Name,
  payload: JobPayload<Name>,
  { jobKey, runAt, priority, serialQueue }: EnqueueOptions = {},
): Prisma.Sql {
  const job = JOB_SPECS[name];
  const parsed = job.payload.safeParse(payload);
  if (!parsed.success) {
    throw new AppError("JOB_PAYLOAD_INVALID", `Invalid payload for job ${name}: ${z.prettifyError(parsed.error)}`);
  }
  return Prisma.sql`graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${JSON.stringify(parsed.data)}::json,
    queue_name => ${serialQueue ?? null}::text,
    run_at => ${runAt ?? null}::timestamptz,
    max_attempts => ${job.maxAttempts}::int,
    job_key => ${jobKey ?? null}::text,
    priority => ${priority ?? ("priority" in job ? job.priority : null)}::int
  )`;
}

/**
 * Puts a job on the PostgreSQL queue. Takes a Prisma client or a transaction client, so a job can be
 * enqueued atomically with the state change that calls for it.
 */
export async function enqueueJob<Name extends JobName>(
  db: SqlRunner,
  name: Name,
  payload: JobPayload<Name>,
  options: EnqueueOptions = {},
): Promise<void> {
  await db.$executeRaw`select ${addJobSql(name, payload, options)}`;
}

/** Puts many jobs of one kind on the queue in one statement (each with its own key, when given). */
export async function enqueueJobs<Name extends JobName>(
  db: SqlRunner,
  name: Name,
  items: { payload: JobPayload<Name>; jobKey?: string }[],
): Promise<void> {
  if (!items.length) return;
  const job = JOB_SPECS[name];
  const specs = items.map(({ payload, jobKey }) => {
    const parsed = job.payload.safeParse(payload);
    if (!parsed.success) throw new AppError("JOB_PAYLOAD_INVALID", `Invalid payload for job ${name}: ${z.prettifyError(parsed.error)}`);
    return {
      identifier: name,
      payload: parsed.data,
      max_attempts: job.maxAttempts,
      job_key: jobKey ?? null,
      priority: "priority" in job ? job.priority : null,
    };
  });
  for (let i = 0; i < specs.length; i += 1000) {
    await db.$executeRaw`select graphile_worker.add_jobs(array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs.slice(i, i + 1000))}::json)))`;
  }
}
