import path from "node:path";
import pg from "pg";
import { afterAll, expect, inject } from "vitest";
import { RUN_ALONE_LOCK, runsAlone } from "@/lib/testing/run-alone";
import { createTestDatabase, dropTestDatabase } from "@/lib/testing/test-database";

// Runs before each integration test file is imported: it gets its own migrated database, and
// DATABASE_URL points there, so lib/env and getDb() see it like the app would.
const adminUrl = inject("adminUrl");
const testPath = expect.getState().testPath ?? "file";
const label = path.basename(testPath).replace(/\.int\.test\.ts$/, "");

// Integration files run two at a time, but a RUN_ALONE file beside none: each file holds the lock
// for its whole run, shared or (RUN_ALONE) exclusive. PostgreSQL queues a shared request behind a
// waiting exclusive one, so a RUN_ALONE file waits for the files running, and the next ones for it.
const alone = runsAlone(testPath, path.resolve(import.meta.dirname, "..", ".."));
const lock = new pg.Client({ connectionString: adminUrl, application_name: `rosetta-test-lock ${label}` });
await lock.connect();
afterAll(async () => {
  await lock.end(); // releases the lock
});
await lock.query(alone ? "select pg_advisory_lock($1)" : "select pg_advisory_lock_shared($1)", [RUN_ALONE_LOCK]);

const url = await createTestDatabase(adminUrl, label);
// eslint-disable-next-line no-restricted-properties -- sets, for this test file's modules, what lib/env will read
process.env.DATABASE_URL = url;

afterAll(async () => {
  await dropTestDatabase(adminUrl, url);
});
