import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_PORT, studioDatabaseUrl } from "./config";

// A second studio, beside the one the other specs use, that this spec starts and stops itself.
const PORT = E2E_PORT + 1;
const ROOT = path.resolve(import.meta.dirname, "..");

interface Studio {
  process: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function startStudio(env: Record<string, string>): Studio {
  const child = spawn(process.execPath, ["bin/rosetta.js", "studio"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output, exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

async function waitForReady(studio: Studio): Promise<number> {
  const started = Date.now();
  await expect.poll(() => (studio.process.exitCode === null ? studio.output() : `exited:\n${studio.output()}`), { timeout: 120_000, intervals: [200] }).toContain("studio is ready");
  return Date.now() - started;
}

/** Every process descended from `pid`, read from /proc (the studio's postgres, web server, worker). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test("the studio stops cleanly on SIGTERM, leaves no process behind, and a second start reuses the data", async ({ request }, testInfo) => {
  test.setTimeout(240_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-lifecycle-"));
  await chmod(dataDir, 0o755); // as root, the server runs as the postgres user, who must reach its folder
  try {
    const first = startStudio({ PORT: String(PORT), ROSETTA_DATA_DIR: dataDir });
    const firstStartMs = await waitForReady(first);
    const health = await (await request.get(`http://127.0.0.1:${PORT}/api/health`)).json();
    expect(health.db.status).toBe("ok");

    const db = new pg.Client({ connectionString: studioDatabaseUrl(dataDir) });
    await db.connect();
    await db.query(`insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), 'kept', 'Kept across restarts', '{}', '{}', now())`);
    await db.end();

    const processes = descendants(first.process.pid!);
    expect(processes.length, "postgres, the web server and a worker run under the studio").toBeGreaterThanOrEqual(3);
    first.process.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    expect(processes.filter(alive), "processes left behind after SIGTERM").toEqual([]);
    expect(first.output()).toContain("Stopped.");

    const second = startStudio({ PORT: String(PORT), ROSETTA_DATA_DIR: dataDir });
    const secondStartMs = await waitForReady(second);
    expect(second.output()).not.toContain("created now");
    const again = new pg.Client({ connectionString: studioDatabaseUrl(dataDir) });
    await again.connect();
    const { rows } = await again.query(`select name from projects where slug = 'kept'`);
    await again.end();
    expect(rows).toEqual([{ name: "Kept across restarts" }]);
    second.process.kill("SIGINT"); // as Ctrl-C would
    expect(await second.exit).toBe(0);

    testInfo.annotations.push({ type: "first start (initdb + migrations, build present)", description: `${(firstStartMs / 1000).toFixed(1)} s` });
    testInfo.annotations.push({ type: "second start", description: `${(secondStartMs / 1000).toFixed(1)} s` });
    console.log(`studio start: first ${(firstStartMs / 1000).toFixed(1)} s, second ${(secondStartMs / 1000).toFixed(1)} s`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test("a taken port is refused with the port named and how to choose another", async () => {
  const studio = startStudio({ PORT: String(E2E_PORT) }); // the port the main e2e studio is serving
  expect(await studio.exit).toBe(1);
  expect(studio.output()).toContain(`Port ${E2E_PORT} on 127.0.0.1 is already in use`);
  expect(studio.output()).toContain(`PORT=${E2E_PORT + 1} npm start`);
  expect(studio.output()).not.toMatch(/\n\s+at /); // no stack trace
});
