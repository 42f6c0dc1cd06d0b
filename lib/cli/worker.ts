import { env } from "@/lib/env";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { describeDatabaseUrl } from "@/lib/db/connect";
import { startWorker } from "@/lib/jobs/worker";
import { parseWorkerQueues, WORKER_QUEUES, type WorkerQueue } from "@/lib/jobs/specs";
import { resolveSecretKey } from "@/lib/cli/secret-key";

/**
 * `rosetta worker [--queues verify,solve]`: runs jobs until SIGTERM/SIGINT, then lets running jobs
 * finish and exits 0. With --queues (or ROSETTA_WORKER_QUEUES) it takes only those queues' jobs, so
 * code execution can run where the toolchains are and model calls elsewhere. Exit 2 on an unknown queue.
 */
export async function runWorkerCommand(options: { queues?: string } = {}): Promise<number> {
  let queues: WorkerQueue[] | undefined;
  try {
    queues = parseWorkerQueues(options.queues ?? env.ROSETTA_WORKER_QUEUES);
  } catch (error) {
    console.error(`✖ ${(error as Error).message}`);
    return 2;
  }
  // graphile-worker 0.17 does not retry recording a job's failure when its connection was just
  // terminated, and leaves that promise unhandled. Stop with one line, not a driver's stack trace:
  // the studio's supervisor starts a fresh worker and hands the jobs this one held back to the queue.
  process.on("unhandledRejection", (reason) => {
    console.error(`[worker] stopping on an unhandled failure: ${reason instanceof Error ? reason.message : String(reason)}`);
    process.exit(1);
  });
  const databaseUrl = await commandDatabaseUrl(env);
  const worker = await startWorker({
    databaseUrl,
    concurrency: env.ROSETTA_WORKER_CONCURRENCY,
    secretKey: await resolveSecretKey(env),
    staleSeconds: env.ROSETTA_WORKER_STALE_SECONDS,
    sandbox: { mode: env.ROSETTA_SANDBOX, slots: env.ROSETTA_SANDBOX_SLOTS },
    queues,
  });
  console.log(`[worker] connected to ${describeDatabaseUrl(databaseUrl)}`);
  for (const queue of queues ?? []) console.log(`[worker] queue ${queue}: ${WORKER_QUEUES[queue]}`);
  const stop = (signal: NodeJS.Signals) => void worker.stop(signal);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  await worker.done;
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  return 0;
}
