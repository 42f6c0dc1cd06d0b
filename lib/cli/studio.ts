import { spawn, type ChildProcess } from "node:child_process";
import { childEnv, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { buildWebApp, staleBuildReason } from "@/lib/cli/build";
import { say } from "@/lib/cli/output";
import { resolveSecretKey } from "@/lib/cli/secret-key";
import { appRoot, exitWithParent, nextBin, rosettaBin } from "@/lib/cli/paths";
import { checkDatabaseReachable, describeDatabaseUrl } from "@/lib/db/connect";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { recordWorkerExit } from "@/lib/jobs/reaper";
import { assertPortFree } from "@/lib/net";
import { Supervisor } from "@/lib/cli/supervisor";
import type { SystemHealth } from "@/lib/health/types";

function startChild(args: string[], databaseUrl: string, secretKey: string): ChildProcess {
  return spawn(process.execPath, ["--require", exitWithParent, ...args], {
    cwd: appRoot,
    stdio: "inherit",
    env: childEnv({
      DATABASE_URL: databaseUrl,
      ROSETTA_SECRET_KEY: secretKey,
      PORT: String(env.PORT),
      HOST: env.HOST,
      NODE_ENV: "production",
    }),
  });
}

/** The address people type: 0.0.0.0 / :: serve every interface, localhost reaches them. */
function browserUrl(): string {
  const host = env.HOST === "0.0.0.0" || env.HOST === "::" ? "localhost" : env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}

/** Waits for the web server to answer, then (briefly) for the worker to report in, for the summary. */
async function waitForHealth(web: Supervisor): Promise<SystemHealth> {
  const deadline = Date.now() + 60_000;
  let answeredAt: number | undefined;
  for (;;) {
    if (web.recentRestarts > 0) throw new AppError("INTERNAL", "The web server exited during start-up; its output is above.");
    try {
      const response = await fetch(`${browserUrl()}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const health = (await response.json()) as SystemHealth;
      answeredAt ??= Date.now();
      if (health.worker.status !== "down" || Date.now() - answeredAt > 20_000) return health;
    } catch (error) {
      if (Date.now() > deadline) throw new AppError("INTERNAL", `The web server did not answer within 60 s: ${(error as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * `rosetta studio`: database → migrations → build if needed → web server + one worker. Runs until
 * Ctrl-C or SIGTERM, then stops the web server and the worker (letting jobs finish) and the
 * embedded database last, leaving no process behind. Resolves to the exit code.
 *
 * A worker or web server that dies is started again (Supervisor: backoff, a bounded number a
 * minute); a dead worker's jobs are handed back to the queue at once. Only the embedded database
 * dying stops the studio, and then cleanly. An external database (DATABASE_URL) that goes away is
 * waited for: every process reconnects when it is back.
 */
export async function runStudio(): Promise<number> {
  const started = Date.now();
  // Everything that can be refused cheaply is checked before anything starts.
  await assertPortFree(env.PORT, env.HOST);

  let embedded: EmbeddedPostgres | undefined;
  const children: Supervisor[] = [];
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (why: string) => {
    shuttingDown ??= (async () => {
      say(`Stopping (${why})…`);
      await Promise.all(children.map((child) => child.stop()));
      await embedded?.stop();
      say("Stopped.");
    })();
    return shuttingDown;
  };
  let interrupted: ((signal: string) => void) | undefined;
  const interruption = new Promise<string>((resolve) => (interrupted = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      say("Forcing stop.");
      for (const child of children) child.kill();
    }
    interrupted?.(signal);
    void shutdown(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    let databaseUrl: string;
    if (env.DATABASE_URL) {
      const { serverVersion } = await checkDatabaseReachable(env.DATABASE_URL);
      databaseUrl = env.DATABASE_URL;
      say(`PostgreSQL ${serverVersion} at ${describeDatabaseUrl(databaseUrl)} (DATABASE_URL)`);
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: env.dataDir, log: say });
      databaseUrl = embedded.url;
      say(`Embedded PostgreSQL on 127.0.0.1:${embedded.port} (data in ${env.dataDir}${embedded.created ? ", created now" : ""})`);
    }
    if (shuttingDown) return 130;

    const { applied } = await migrateDatabase(databaseUrl);
    say(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database schema is up to date");

    const stale = await staleBuildReason();
    if (stale) {
      say(`The web app needs a build: ${stale}.`);
      await buildWebApp();
    }
    if (shuttingDown) return 130;

    const secretKey = await resolveSecretKey(env);
    const web = new Supervisor({
      name: "the web server",
      log: say,
      start: () => startChild([nextBin, "start", "--port", String(env.PORT), "--hostname", env.HOST], databaseUrl, secretKey),
    });
    const worker = new Supervisor({
      name: "the worker",
      log: say,
      start: () => startChild([rosettaBin, "worker"], databaseUrl, secretKey),
      // Its jobs go back to the queue now (not after the stale timeout), for the next worker to resume.
      onExit: async ({ pid, reason }) => {
        const retired = await recordWorkerExit(databaseUrl, pid, reason);
        if (retired) say(`Handed the jobs of worker pid ${pid} back to the queue.`);
      },
    });
    children.push(web, worker);
    const died = embedded?.died ?? new Promise<string>(() => undefined);
    const health = await Promise.race([waitForHealth(web), interruption.then(() => null), died.then(() => null)]);
    if (!health) {
      const reason = await Promise.race([died, Promise.resolve(undefined)]);
      if (reason) {
        await shutdown(`PostgreSQL ${reason}`);
        return 1;
      }
      return 130;
    }

    say(`Rosetta studio is ready at ${browserUrl()} (started in ${((Date.now() - started) / 1000).toFixed(1)} s; Ctrl-C stops it)`);
    for (const [part, { status, detail }] of Object.entries(health)) say(`  ${part.padEnd(8)} ${status.padEnd(12)} ${detail}`);

    const ended = await Promise.race([interruption.then((signal) => ({ signal })), died.then((reason) => ({ reason }))]);
    if ("reason" in ended) {
      await shutdown(`PostgreSQL ${ended.reason}; the studio cannot run without its database`);
      return 1;
    }
    await shutdown(ended.signal);
    return 0;
  } catch (error) {
    await shutdown("start-up failed");
    throw error;
  } finally {
    await embedded?.stop(); // when a signal came while the database was still starting
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
