import { env } from "@/lib/env";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { describeDatabaseUrl } from "@/lib/db/connect";
import { startWorker } from "@/lib/jobs/worker";
import { resolveSecretKey } from "@/lib/cli/secret-key";

/** `rosetta worker`: runs jobs until SIGTERM/SIGINT, then lets running jobs finish and exits 0. */
export async function runWorkerCommand(): Promise<number> {
  const databaseUrl = await commandDatabaseUrl(env);
  const worker = await startWorker({
    databaseUrl,
    concurrency: env.ROSETTA_WORKER_CONCURRENCY,
    secretKey: await resolveSecretKey(env),
    staleSeconds: env.ROSETTA_WORKER_STALE_SECONDS,
    sandbox: { mode: env.ROSETTA_SANDBOX, slots: env.ROSETTA_SANDBOX_SLOTS },
  });
  console.log(`[worker] connected to ${describeDatabaseUrl(databaseUrl)}`);
  const stop = (signal: NodeJS.Signals) => void worker.stop(signal);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  await worker.done;
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  return 0;
}
