import { spawnSync } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedPaths, startEmbeddedPostgres, type RunFile } from "@/lib/db/embedded";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-embedded-int-"));
await chmod(dataDir, 0o755);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("the embedded PostgreSQL", () => {
  it("creates a cluster once, keeps its data across restarts, and recovers from a studio that died", async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    expect(first.created).toBe(true);
    await query(first.url, "create table kept (v text); insert into kept values ('still here')");
    const run = JSON.parse(await readFile(embeddedPaths(dataDir).runFile, "utf8")) as RunFile;
    expect(alive(run.postgresPid)).toBe(true);

    // Simulate a studio killed outright: its server keeps running, its run file names a dead owner.
    const dead = spawnSync("true").pid!;
    await writeFile(embeddedPaths(dataDir).runFile, JSON.stringify({ ...run, ownerPid: dead }));

    const second = await startEmbeddedPostgres({ dataDir, log: () => undefined });
    expect(second.created).toBe(false);
    expect(alive(run.postgresPid)).toBe(false); // the orphan was stopped, not left beside the new one
    expect(await query(second.url, "select v from kept")).toEqual([{ v: "still here" }]);

    const secondRun = JSON.parse(await readFile(embeddedPaths(dataDir).runFile, "utf8")) as RunFile;
    await second.stop();
    expect(alive(secondRun.postgresPid)).toBe(false);
    await expect(readFile(embeddedPaths(dataDir).runFile)).rejects.toThrow(/ENOENT/);
    await first.stop(); // already gone: stopping again is harmless
  });

  it("refuses to start a second server on a folder a live Rosetta is using", async () => {
    const running = await startEmbeddedPostgres({ dataDir });
    try {
      const run = JSON.parse(await readFile(embeddedPaths(dataDir).runFile, "utf8")) as RunFile;
      // Owned by a live process other than this one: the parent of this test process.
      await writeFile(embeddedPaths(dataDir).runFile, JSON.stringify({ ...run, ownerPid: process.ppid }));
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toMatchObject({
        code: "ALREADY_RUNNING",
        message: expect.stringContaining(`pid ${process.ppid}`),
      });
    } finally {
      await running.stop();
    }
  });
});
