import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { assertTestDatabase, TEMPLATE_DATABASE, withDatabase } from "@/lib/testing/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

/**
 * Integration tests run against a real PostgreSQL: the one DATABASE_URL names (its database name
 * must say "test"), or else an embedded one started here in a temporary folder. A template database
 * gets the migrations once; each test file then clones it (database-per-file.ts).
 */
export default async function setup(project: TestProject) {
  // eslint-disable-next-line no-restricted-properties -- the test harness reads its own input, before lib/env
  const external = process.env.DATABASE_URL;
  let stop = async () => {};
  let adminUrl: string;
  if (external) {
    assertTestDatabase(external);
    adminUrl = external;
  } else {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-test-"));
    await chmod(dataDir, 0o755); // as root, the server runs as the postgres user, who must reach its folder
    const embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(withDatabase(adminUrl, TEMPLATE_DATABASE));
  project.provide("adminUrl", adminUrl);
  return stop;
}
