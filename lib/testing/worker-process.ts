import { spawn } from "node:child_process";
import path from "node:path";
import { childEnv, env } from "@/lib/env";

/**
 * A `rosetta worker` child process on the test's database, for tests that kill workers with
 * SIGKILL: `exited` settles when it is gone. `extra` adds environment (e.g. ROSETTA_RUN_WINDOW,
 * ROSETTA_WORKER_STALE_SECONDS).
 */
export function startWorkerProcess(secretKey: string, concurrency: number, extra: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.resolve("bin/rosetta.js"), "worker"], {
    env: childEnv({
      DATABASE_URL: env.DATABASE_URL!,
      ROSETTA_WORKER_CONCURRENCY: String(concurrency),
      ROSETTA_SECRET_KEY: secretKey,
      ...extra,
    }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { child, exited };
}
