import os from "node:os";
import { Logger, run, type Task, type TaskList } from "graphile-worker";
import { z } from "zod";
import { createDb, type Db } from "@/lib/db/client";
import { jobs } from "@/lib/jobs/registry";

const HEARTBEAT_MS = 5_000;

export interface RunningWorker {
  id: string;
  /** Lets running jobs finish (they see their AbortSignal fire), then disconnects. Idempotent. */
  stop(reason: string): Promise<void>;
  /** Settles when the worker has stopped, for whatever reason. */
  done: Promise<void>;
}

function taskList(db: Db, log: (line: string) => void): TaskList {
  return Object.fromEntries(
    Object.values(jobs).map((job): [string, Task] => [
      job.name,
      async (raw, helpers) => {
        const parsed = job.payload.safeParse(raw);
        if (!parsed.success) {
          // enqueueJob validates, so this is a payload from another version of Rosetta. Retrying
          // cannot fix it: drop it loudly rather than fail it 25 times.
          log(`dropping job ${job.name} #${helpers.job.id}: invalid payload: ${z.prettifyError(parsed.error)}`);
          return;
        }
        await job.run(parsed.data as never, {
          db,
          signal: helpers.abortSignal,
          attempt: helpers.job.attempts,
          log: (message) => log(`${job.name} #${helpers.job.id}: ${message}`),
        });
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
  log = (line) => console.log(`[worker] ${line}`),
}: {
  databaseUrl: string;
  concurrency: number;
  log?: (line: string) => void;
}): Promise<RunningWorker> {
  const db = createDb(databaseUrl, { applicationName: "rosetta-worker", max: concurrency + 2 });
  const row = await db.worker.create({ data: { hostname: os.hostname(), pid: process.pid, lastSeenAt: new Date() } });
  const heartbeat = setInterval(() => {
    db.worker.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } }).catch((error: Error) => log(`heartbeat failed: ${error.message}`));
  }, HEARTBEAT_MS);

  const runner = await run({
    connectionString: databaseUrl,
    concurrency,
    noHandleSignals: true, // the CLI owns signals and calls stop()
    pollInterval: 2_000, // a fallback only: LISTEN/NOTIFY delivers new jobs at once
    taskList: taskList(db, log),
    logger: new Logger(() => (level, message) => {
      if (level === "error" || level === "warning") log(message);
    }),
  });
  log(`worker ${row.id} ready (${concurrency} at a time; jobs: ${Object.keys(jobs).join(", ")})`);

  let stopping: Promise<void> | undefined;
  const stop = (reason: string) => {
    stopping ??= (async () => {
      log(`stopping (${reason}); letting running jobs finish…`);
      clearInterval(heartbeat);
      await runner.stop(reason).catch((error: Error) => log(`queue shutdown: ${error.message}`));
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
