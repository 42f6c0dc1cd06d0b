import { EventEmitter, setMaxListeners } from "node:events";
import os from "node:os";
import { Logger, run, type Task, type TaskList, type WorkerEvents } from "graphile-worker";
import { z } from "zod";
import { createDb, type Db } from "@/lib/db/client";
import type { WorkerServices } from "@/lib/jobs/define";
import { SandboxPool, type SandboxMode } from "@/lib/sandbox/verify";
import { jobs } from "@/lib/jobs/registry";
import { jobsOfQueues, type WorkerQueue } from "@/lib/jobs/specs";
import { LivePublisher } from "@/lib/live/publisher";
import { Gateway, type GatewayOptions } from "@/lib/llm/gateway";
import { PostgresLimiter } from "@/lib/llm/limiter";
import { ModelSlots } from "@/lib/llm/model-slots";
import { reapDeadWorkers } from "@/lib/jobs/reaper";
import { nudgeIdleRuns } from "@/lib/synthesis/runs";

const HEARTBEAT_MS = 5_000;

/**
 * The jobs a worker of concurrency J runs at once: J talk to a model (ModelSlots), a quarter more
 * do the work before, between and after their calls meanwhile, so the model's J slots stay busy.
 */
export const jobsAtOnce = (concurrency: number) => concurrency + Math.ceil(concurrency / 4);

export interface RunningWorker {
  id: string;
  /** Lets running jobs finish (they see their AbortSignal fire), then disconnects. Idempotent. */
  stop(reason: string): Promise<void>;
  /** Settles when the worker has stopped, for whatever reason. */
  done: Promise<void>;
}

/**
 * The handlers of the jobs this worker takes. graphile-worker only locks jobs whose task it has a
 * handler for, so a worker without a queue's jobs never takes them: they wait for one that has.
 */
function taskList(
  db: Db,
  services: WorkerServices,
  slots: ModelSlots,
  log: (line: string) => void,
  queues: readonly WorkerQueue[] | undefined,
): TaskList {
  return Object.fromEntries(
    jobsOfQueues(queues).map((name): [string, Task] => [
      name,
      async (raw, helpers) => {
        const job = jobs[name];
        const parsed = job.payload.safeParse(raw);
        if (!parsed.success) {
          // enqueueJob validates, so this is a payload from another version of Rosetta. Retrying
          // cannot fix it: drop it loudly rather than fail it 25 times.
          log(`dropping job ${job.name} #${helpers.job.id}: invalid payload: ${z.prettifyError(parsed.error)}`);
          return;
        }
        // The queue's abort signal is shared by every running job, each of which listens to it.
        setMaxListeners(0, helpers.abortSignal);
        await slots.runJob(() =>
          job.run(parsed.data as never, {
            db,
            signal: helpers.abortSignal,
            attempt: helpers.job.attempts,
            lastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
            services,
            log: (message) => log(`${job.name} #${helpers.job.id}: ${message}`),
          }),
        );
      },
    ]),
  );
}

/**
 * One worker process's work: registers itself (so /api/health can see it), heartbeats, and runs
 * jobs from the PostgreSQL queue (graphile-worker; LISTEN/NOTIFY wakes it as soon as a job lands).
 */
export async function startWorker({
  databaseUrl,
  concurrency,
  secretKey,
  staleSeconds = 20,
  gateway,
  sandbox = { mode: "isolated" },
  queues,
  log = (line) => console.log(`[worker] ${line}`),
}: {
  databaseUrl: string;
  concurrency: number;
  secretKey: string | undefined;
  /** A worker silent this long is dead: its jobs are handed to the living. */
  staleSeconds?: number;
  /** Timeouts and retries of model calls (tests shorten them). */
  gateway?: Pick<GatewayOptions, "timeouts" | "retry">;
  /** How code is verified (ROSETTA_SANDBOX, ROSETTA_SANDBOX_SLOTS). */
  sandbox?: { mode: SandboxMode; slots?: number };
  /** The worker queues it takes (`rosetta worker --queues`); every queue when absent or empty. */
  queues?: readonly WorkerQueue[];
  log?: (line: string) => void;
}): Promise<RunningWorker> {
  const jobSlots = jobsAtOnce(concurrency);
  const slots = new ModelSlots(concurrency);
  const db = createDb(databaseUrl, { applicationName: "rosetta-worker", max: jobSlots * 2 + 2 });
  const limiter = new PostgresLimiter(databaseUrl, { log });
  const pool = new SandboxPool(sandbox.slots, sandbox.mode);
  const services: WorkerServices = {
    gateway: new Gateway({ db, limiter, slots, ...gateway }),
    live: new LivePublisher(db),
    secretKey,
    sandbox: pool,
  };
  const sandboxStatus = pool.status();
  log(
    sandboxStatus.ok
      ? `code verification: ${sandboxStatus.detail}`
      : `code verification is OFF: ${sandboxStatus.reason}; candidates stay unverified until a worker that can verify runs \`rosetta run --stages verify\``,
  );
  const row = await db.worker.create({
    data: { hostname: os.hostname(), pid: process.pid, lastSeenAt: new Date(), queues: [...(queues ?? [])], concurrency },
  });
  const reap = () =>
    reapDeadWorkers(db, staleSeconds)
      .then(
        (count) => count && log(`handed the jobs of ${count} dead worker(s) back to the queue`),
        (error: Error) => log(`reaping dead workers failed: ${error.message}`),
      )
      .then(() => nudgeIdleRuns(db))
      .then(
        (runs) => runs.forEach((id) => log(`run ${id} was RUNNING with nothing on the queue: its advance is enqueued again`)),
        (error: Error) => log(`looking for idle runs failed: ${error.message}`),
      );
  let beats = 0;
  const heartbeat = setInterval(() => {
    db.worker
      .update({ where: { id: row.id }, data: { lastSeenAt: new Date() } })
      .catch((error: Error) => log(`heartbeat failed: ${error.message}`));
    if (++beats % 2 === 0) void reap();
  }, HEARTBEAT_MS);

  // The queue's id for this process's jobs, so that a survivor can unlock them if we die.
  const events: WorkerEvents = new EventEmitter();
  events.on("pool:create", ({ workerPool }) => {
    void db.worker
      .update({ where: { id: row.id }, data: { queueWorkerId: workerPool.id } })
      .catch((error: Error) => log(`could not record the queue id: ${error.message}`));
  });
  await reap();
  const runner = await run({
    connectionString: databaseUrl,
    concurrency: jobSlots,
    // Its own pool (default 10) takes and completes every job and keeps one connection to LISTEN.
    maxPoolSize: jobSlots + 2,
    events,
    noHandleSignals: true, // the CLI owns signals and calls stop()
    pollInterval: 2_000, // a fallback only: LISTEN/NOTIFY delivers new jobs at once
    taskList: taskList(db, services, slots, log, queues),
    logger: new Logger(() => (level, message) => {
      if (level === "error" || level === "warning") log(message);
    }),
  });
  log(
    `worker ${row.id} ready (${concurrency} at a time talking to a model, ${jobSlots} jobs; ${queues?.length ? `queues ${queues.join(", ")}` : "every queue"}; jobs: ${jobsOfQueues(queues).join(", ")})`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      log(`stopping (${reason}); letting running jobs finish…`);
      clearInterval(heartbeat);
      await runner.stop(reason).catch((error: Error) => log(`queue shutdown: ${error.message}`));
      await services.gateway.close();
      await services.live.close();
      await services.sandbox.close();
      await limiter.close();
      await db.worker.update({ where: { id: row.id }, data: { stoppedAt: new Date(), lastSeenAt: new Date() } }).catch(() => undefined);
      await db.$disconnect();
      log("stopped");
    })();
    return stopping;
  };
  // If the queue stops on its own (lost database), stop the rest too.
  const done = runner.promise.then(
    () => stop("queue stopped"),
    (error: Error) => stop(`queue failed: ${error.message}`),
  );
  return { id: row.id, stop, done };
}
