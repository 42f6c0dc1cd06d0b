import { randomBytes } from "node:crypto";
import pg from "pg";
import { parse } from "pg-connection-string";

/**
 * Tests create and drop databases. To make a slip harmless, they only ever touch a database whose
 * name says so.
 */
export function assertTestDatabase(url: string): void {
  const name = parse(url).database ?? "";
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test" (e.g. postgresql://…/rosetta_test).`);
  }
}

export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

export const TEMPLATE_DATABASE = "rosetta_test_template";

/** A fresh, migrated database for one test file, cloned from the template the global setup made. */
export async function createTestDatabase(adminUrl: string, label: string): Promise<string> {
  const name = `rosetta_test_${label
    .replace(/[^a-z0-9]+/gi, "_")
    .toLowerCase()
    .slice(0, 30)}_${randomBytes(4).toString("hex")}`;
  const url = withDatabase(adminUrl, name);
  assertTestDatabase(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  return url;
}

export async function dropTestDatabase(adminUrl: string, url: string): Promise<void> {
  assertTestDatabase(url);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(parse(url).database!)} with (force)`);
  } finally {
    await admin.end();
  }
}
