import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { signInThroughTheForm } from "./accounts";
import { E2E_PORT, studioDatabaseUrl } from "./config";
import { BANK } from "../model-server/bank";
import { spawnModelServer, type SpawnedModelServer } from "../model-server/process";
import { alive, describeProcess, descendants, startStudio, waitForReady, type Studio } from "./studio-process";

// Faults injected on purpose into a real studio (embedded PostgreSQL, web server, worker): a worker
// killed mid-run, twice; every database connection terminated; the database unreachable behind a
// cut network; the database itself killed. The studio must stay up where it can, lose nothing,
// duplicate nothing, and stop cleanly where it cannot.

const ROOT = path.resolve(import.meta.dirname, "..");
const PORT = E2E_PORT + 2;
const SECOND_PORT = E2E_PORT + 3;
const run = promisify(execFile);

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** The studio's worker process (the `rosetta worker` child), if one runs. */
function workerPid(studio: Studio): number | undefined {
  return descendants(studio.process.pid!).find((pid) => cmdline(pid).includes("rosetta.js worker"));
}

async function query<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function healthStatus(request: APIRequestContext, port: number): Promise<number> {
  try {
    return (await request.get(`http://127.0.0.1:${port}/api/health`, { timeout: 10_000 })).status();
  } catch {
    return 0; // nobody answered
  }
}

/** A TCP hop in front of PostgreSQL that the test can cut and restore, as a network would. */
async function startCuttableProxy(target: {
  host: string;
  port: number;
}): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const cut = async () => {
    // Open connections first: close() waits for them to end.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

test.describe.serial("the studio under faults", () => {
  test.setTimeout(300_000);
  let dataDir: string;
  let studio: Studio;
  let model: SpawnedModelServer;
  let databaseUrl: string;
  const cli = (args: string[]) =>
    run(process.execPath, ["bin/rosetta.js", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: "", ROSETTA_DATA_DIR: dataDir } });

  test.beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-faults-"));
    await chmod(dataDir, 0o755);
    // Slow enough answers that a kill lands in the middle of calls.
    model = await spawnModelServer(["--ttft-ms", "150", "--tokens-per-second", "300"]);
    studio = startStudio({ PORT: String(PORT), ROSETTA_DATA_DIR: dataDir });
    await waitForReady(studio);
    databaseUrl = studioDatabaseUrl(dataDir);
    // The model server's own bank (in the repository): real problems with correct solutions.
    const snippets = Object.values(BANK.python)
      .slice(0, 8)
      .map((entry) => JSON.stringify({ code: entry.solution, language: "python" }));
    await writeFile(path.join(dataDir, "snippets.jsonl"), snippets.join("\n") + "\n");
    await cli(["import", path.join(dataDir, "snippets.jsonl"), "--project", "faults", "--languages", "python,javascript"]);
    await cli(["endpoint", "add", "--name", "scripted", "--base-url", model.url, "--model", "scripted"]);
  });

  test.afterEach(({}, testInfo) => {
    // What the studio and its worker said, for a failure that happened inside them.
    if (testInfo.status !== testInfo.expectedStatus)
      console.log(`── the studio's output ──\n${studio?.output().split("\n").slice(-200).join("\n")}`);
  });

  test.afterAll(async () => {
    // What the supervisor said, for the record (restarts, hand-backs, the stop).
    console.log(
      studio
        ?.output()
        .split("\n")
        .filter((line) => line.startsWith("▸"))
        .join("\n"),
    );
    if (studio?.process.exitCode === null) {
      studio.process.kill("SIGTERM");
      await studio.exit;
    }
    await model?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("every connection terminated, then the worker killed twice mid-run: the studio stays up and the run finishes, nothing lost or duplicated", async ({
    request,
  }) => {
    await cli(["run", "--project", "faults", "--endpoint", "scripted", "--no-follow"]);
    const turns = async () => (await query<{ n: number }>(databaseUrl, "select count(*)::int as n from turns"))[0]!.n;
    const seeds = async () => (await query<{ n: number }>(databaseUrl, "select count(*)::int as n from seed_samples"))[0]!.n;
    await expect.poll(seeds, { timeout: 60_000 }).toBeGreaterThan(2);

    // 1. Every backend terminated, as a database restart would: the processes reconnect.
    const terminated = await query<{ n: number }>(
      databaseUrl,
      "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'",
    );
    expect(terminated[0]!.n).toBeGreaterThan(3);
    const terminatedAt = Date.now();
    await expect.poll(() => healthStatus(request, PORT), { timeout: 30_000 }).toBe(200);
    await expect
      .poll(
        async () =>
          (await request.get(`http://127.0.0.1:${PORT}/api/health`)).json().then((h: { worker: { status: string } }) => h.worker.status),
        { timeout: 30_000 },
      )
      .not.toBe("down");
    console.log(`recovered from terminated connections in ${((Date.now() - terminatedAt) / 1000).toFixed(1)} s`);
    expect(studio.output()).not.toContain("Stopping");

    // 2. The worker killed in the middle of its calls, twice in turn.
    for (const round of [1, 2]) {
      const before = round === 1 ? 0 : await turns();
      if (round === 2) await expect.poll(turns, { timeout: 60_000 }).toBeGreaterThan(before);
      // A worker that stopped on a lost connection is being started again by the studio: wait for it.
      await expect.poll(() => workerPid(studio), { message: "the studio runs a worker", timeout: 15_000 }).toBeDefined();
      const pid = workerPid(studio);
      process.kill(pid!, "SIGKILL");
      await expect
        .poll(() => studio.output(), { timeout: 10_000 })
        .toContain(`The worker (pid ${pid}) was killed by SIGKILL; starting it again`);
      expect(await healthStatus(request, PORT), "the web server stays up while the worker is down").toBe(200);
      await expect.poll(() => workerPid(studio) !== undefined && workerPid(studio) !== pid, { timeout: 20_000 }).toBe(true);
    }
    const health = (await (await request.get(`http://127.0.0.1:${PORT}/api/health`)).json()) as { worker: { detail: string } };
    // At least the two killed; a third when graphile-worker lost its connection while recording a job's
    // failure at the moment of the termination (it cannot retry that write, so the worker stops and is started again).
    expect(health.worker.detail).toMatch(/[23] workers lost in the last 15 min \(last: .* was killed by SIGKILL/);

    // 3. A new worker finishes the run.
    await expect
      .poll(async () => (await query<{ status: string }>(databaseUrl, "select status from synthesis_runs"))[0]?.status, {
        timeout: 240_000,
        intervals: [1_000],
      })
      .toBe("SUCCEEDED");
    const [counts] = await query<{ snippets: number; seeds: number; running: number }>(
      databaseUrl,
      // Snippets that leak a benchmark problem are skipped by the seed stage (counted in its summary), so not counted here.
      `select (select count(*)::int from snippets where contamination is null) as snippets, (select count(*)::int from seed_samples) as seeds,
              (select count(*)::int from discussions where status <> 'SUCCEEDED') as running`,
    );
    expect(counts!.seeds, "one DS1 and one DS2 seed pair per snippet, none lost").toBe(counts!.snippets * 2);
    expect(counts!.running, "every discussion finished").toBe(0);
    const duplicated = await query(
      databaseUrl,
      `select discussion_id, kind, payload->>'step' as step, count(*) from turns where kind <> 'ERROR'
       group by 1, 2, 3 having count(*) > 1`,
    );
    expect(duplicated, "no step of a discussion stored twice").toEqual([]);
    expect(studio.output()).not.toContain("Stopping");
  });

  test("with the database unreachable the API answers 503 naming the cause and the page says it is reconnecting; it recovers when the database is back", async ({
    page,
    request,
  }) => {
    // An account in the shared database, made as an operator makes one, to watch the second studio's home page.
    const password = "faults password, long enough";
    const created = spawnSync(process.execPath, ["bin/rosetta.js", "user", "create", "--email", "faults@e2e.test", "--admin"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: "", ROSETTA_DATA_DIR: dataDir },
      input: `${password}\n`,
      encoding: "utf8",
    });
    expect(created.status, created.stderr).toBe(0);
    const target = new URL(databaseUrl);
    const proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port) });
    const viaProxy = new URL(databaseUrl);
    viaProxy.port = String(proxy.port);
    // A second studio on an external database (DATABASE_URL), reached through a network we can cut.
    const second = startStudio({
      PORT: String(SECOND_PORT),
      DATABASE_URL: viaProxy.toString(),
      ROSETTA_DATA_DIR: path.join(dataDir, "second"),
    });
    try {
      await waitForReady(second);
      await page.goto(`http://127.0.0.1:${SECOND_PORT}/sign-in`);
      await signInThroughTheForm(page, "faults@e2e.test", password);
      await expect(page.getByTestId("health-db")).toHaveAttribute("data-status", "ok");
      await expect(page.getByTestId("connection-banner")).toHaveCount(0);
      await proxy.cut();
      await expect.poll(() => healthStatus(request, SECOND_PORT), { timeout: 20_000 }).toBe(503);
      const down = (await (await request.get(`http://127.0.0.1:${SECOND_PORT}/api/health`)).json()) as {
        db: { status: string; detail: string };
      };
      expect(down.db.status).toBe("down");
      expect(down.db.detail.length).toBeGreaterThan(5);
      const me = await request.get(`http://127.0.0.1:${SECOND_PORT}/api/projects`, {
        headers: { Authorization: "Bearer rst_not_a_real_token" },
      });
      expect(me.status()).toBe(503);
      expect(((await me.json()) as { error: { code: string } }).error.code).toBe("DATABASE_UNREACHABLE");
      await expect(page.getByTestId("connection-banner")).toContainText("cannot reach its database and is reconnecting", {
        timeout: 20_000,
      });

      await proxy.restore();
      await expect.poll(() => healthStatus(request, SECOND_PORT), { timeout: 30_000 }).toBe(200);
      await expect(page.getByTestId("connection-banner")).toHaveCount(0, { timeout: 20_000 });
      await expect(page.getByTestId("health-db")).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
      expect(second.output()).not.toContain("Stopping");
    } finally {
      second.process.kill("SIGTERM");
      await second.exit;
      await proxy.close();
    }
  });

  test("the embedded database killed: the studio stops cleanly, with no stale pid file and no process left", async () => {
    const processes = descendants(studio.process.pid!);
    const run = JSON.parse(readFileSync(path.join(dataDir, "run", "postgres.json"), "utf8")) as { postgresPid: number };
    process.kill(run.postgresPid, "SIGKILL");
    expect(await studio.exit).toBe(1);
    expect(studio.output()).toContain("Stopping (PostgreSQL was killed by SIGKILL");
    expect(studio.output()).toContain("Stopped.");
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "stale postmaster.pid").toBe(false);
    // Orphaned PostgreSQL processes notice their postmaster is gone and exit on their own, within moments.
    await expect.poll(() => processes.filter(alive).map(describeProcess), { message: "processes left behind", timeout: 5_000 }).toEqual([]);
  });
});
