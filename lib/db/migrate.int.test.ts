import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyPrismaMigrations } from "@/lib/db/migrate";
import { createTestDatabase, dropTestDatabase } from "@/lib/testing/test-database";

describe("applyPrismaMigrations", () => {
  const adminUrl = inject("adminUrl");
  const created: string[] = [];
  afterAll(() => Promise.all(created.map((url) => dropTestDatabase(adminUrl, url))));

  it("applies every committed migration to an empty database once, then finds nothing to do", async () => {
    const url = await createTestDatabase(adminUrl, "migrate_empty");
    created.push(url);
    // Start from an empty schema rather than the migrated template.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("drop schema public cascade; create schema public; drop schema if exists graphile_worker cascade");
    await client.end();

    const committed = (await readdir(path.resolve("prisma/migrations"), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(await applyPrismaMigrations(url)).toEqual(committed);
    expect(await applyPrismaMigrations(url)).toEqual([]);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const { rows } = await check.query<{ migration_name: string; finished_at: Date | null }>(
      "select migration_name, finished_at from _prisma_migrations order by migration_name",
    );
    const tables = await check.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    await check.end();
    expect(rows.map((row) => row.migration_name)).toEqual(committed);
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["projects", "snippets", "workers", "turns", "candidates", "dataset_versions", "llm_calls", "audit_events"]),
    );
  });
});
