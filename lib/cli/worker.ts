import { readFile } from "node:fs/promises";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertSchemaApplied, checkDatabaseReachable, describeDatabaseUrl } from "@/lib/db/connect";
import { embeddedPaths, type RunFile } from "@/lib/db/embedded";
import { startWorker } from "@/lib/jobs/worker";

/** DATABASE_URL, or else the embedded database of a studio running from this folder. */
async function resolveDatabaseUrl(): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const runFile = embeddedPaths(env.dataDir).runFile;
  const run = await readFile(runFile, "utf8").then((text) => JSON.parse(text) as RunFile, () => null);
  if (!run) {
    throw new AppError(
      "CONFIG_INVALID",
      `DATABASE_URL is not set and no studio is running with its data in ${env.dataDir}. Start the studio (npm start) or set DATABASE_URL to its PostgreSQL.`,
    );
  }
  return run.url;
}

/** `rosetta worker`: runs jobs until SIGTERM/SIGINT, then lets running jobs finish and exits 0. */
export async function runWorkerCommand(): Promise<number> {
  const databaseUrl = await resolveDatabaseUrl();
  await checkDatabaseReachable(databaseUrl);
  await assertSchemaApplied(databaseUrl);
  const worker = await startWorker({ databaseUrl, concurrency: env.ROSETTA_WORKER_CONCURRENCY });
  console.log(`[worker] connected to ${describeDatabaseUrl(databaseUrl)}`);
  const stop = (signal: NodeJS.Signals) => void worker.stop(signal);
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  await worker.done;
  process.off("SIGTERM", stop);
  process.off("SIGINT", stop);
  return 0;
}
