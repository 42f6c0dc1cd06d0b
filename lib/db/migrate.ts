import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { Logger, runMigrations as runQueueMigrations } from "graphile-worker";
import { loadSchemaEngine, sendScriptsWhole } from "@/lib/db/schema-engine.mjs";

/**
 * Applies the committed migrations in-process, with the same WebAssembly schema engine the Prisma
 * CLI stand-in uses (scripts/schema-engine-wasm.mjs), recording them in `_prisma_migrations`
 * exactly as `prisma migrate deploy` does: the two are interchangeable. Spawning the CLI instead
 * would cost seconds of every start.
 */

const MIGRATIONS_DIR = path.join(import.meta.dirname, "..", "..", "prisma", "migrations");

interface SchemaEngine {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  free(): void;
}

async function readMigrations(dir: string) {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null) },
    migrationDirectories: await Promise.all(
      entries.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok", value: await readFile(path.join(dir, name, "migration.sql"), "utf8") },
        },
      })),
    ),
    shadowDbInitScript: "",
  };
}

/** Applies pending Prisma migrations; returns the names applied now (empty when up to date). */
export async function applyPrismaMigrations(url: string, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const SchemaEngine = (await loadSchemaEngine()) as { new: (...args: unknown[]) => Promise<SchemaEngine> };
  // Our own pool, ended below: the engine never disposes the connections it opens, and a connection
  // left behind keeps, say, a template database busy for the pool's idle timeout.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const factory = new PrismaPg(pool);
  const connect = factory.connect.bind(factory);
  factory.connect = async () => sendScriptsWhole(await connect());
  const engine = await SchemaEngine.new({ datamodels: undefined }, () => undefined, bindMigrationAwareSqlAdapterFactory(factory));
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrations(migrationsDir),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } catch (error) {
    const panic = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { message: string } }).PRISMA_WASM_PANIC_REGISTRY?.message;
    throw new Error(`Applying database migrations failed: ${panic || (error as Error).message}`, { cause: error });
  } finally {
    engine.free();
    await pool.end();
  }
}

/** Everything the database needs before the web server and workers start: our schema and the job queue's. */
export async function migrateDatabase(url: string): Promise<{ applied: string[] }> {
  const applied = await applyPrismaMigrations(url);
  await runQueueMigrations({ connectionString: url, logger: quietQueueLogger });
  return { applied };
}

// graphile-worker logs every migration step at info level; keep start-up output to what matters.
const quietQueueLogger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[queue] ${message}`);
});
