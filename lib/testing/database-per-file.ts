import path from "node:path";
import { afterAll, expect, inject } from "vitest";
import { createTestDatabase, dropTestDatabase } from "@/lib/testing/test-database";

// Runs before each integration test file is imported: it gets its own migrated database, and
// DATABASE_URL points there, so lib/env and getDb() see it like the app would.
const adminUrl = inject("adminUrl");
const label = path.basename(expect.getState().testPath ?? "file").replace(/\.int\.test\.ts$/, "");
const url = await createTestDatabase(adminUrl, label);
// eslint-disable-next-line no-restricted-properties -- sets, for this test file's modules, what lib/env will read
process.env.DATABASE_URL = url;

afterAll(async () => {
  await dropTestDatabase(adminUrl, url);
});
