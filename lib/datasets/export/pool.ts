import "server-only";
import pg from "pg";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Exports read their rows through `pg` directly rather than Prisma: at 100 k rows Prisma's raw-query
 * result conversion was most of an export's time and memory, and export speed is held against a
 * bare `COPY` (bench:export). One small pool per database URL, per process.
 */
const pools = new Map<string, pg.Pool>();

export function exportPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      application_name: "rosetta-export",
      max: 8,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 30_000,
    });
    // An idle connection the server drops must not take the process down.
    pool.on("error", (error) => console.error("export pool:", error.message));
    pools.set(url, pool);
  }
  return pool;
}

/** The web app's pool, on the database getDb() uses. */
export function appExportPool(): pg.Pool {
  if (!env.DATABASE_URL)
    throw new AppError("CONFIG_INVALID", "DATABASE_URL is not set: start the studio with `npm start`, which provides it.");
  return exportPool(env.DATABASE_URL);
}

/** Ends every pool (a command's last step, so the process can exit). */
export async function closeExportPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((pool) => pool.end()));
}
