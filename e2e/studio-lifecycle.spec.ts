import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_PORT, studioDatabaseUrl } from "./config";
import { alive, describeProcess, descendants, startStudio, waitForReady } from "./studio-process";

// A second studio, beside the one the other specs use, that this spec starts and stops itself.
const PORT = E2E_PORT + 1;

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
    await db.query(
      `insert into projects (id, slug, name, languages, settings, updated_at) values (gen_random_uuid(), 'kept', 'Kept across restarts', '{}', '{}', now())`,
    );
    await db.end();

    const processes = descendants(first.process.pid!);
    expect(processes.length, "postgres, the web server and a worker run under the studio").toBeGreaterThanOrEqual(3);
    first.process.kill("SIGTERM");
    expect(await first.exit).toBe(0);
    await expect
      .poll(() => processes.filter(alive).map(describeProcess), { message: "processes left behind after SIGTERM", timeout: 5_000 })
      .toEqual([]);
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

    testInfo.annotations.push({
      type: "first start (initdb + migrations, build present)",
      description: `${(firstStartMs / 1000).toFixed(1)} s`,
    });
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
