import pg from "pg";
import { parse } from "pg-connection-string";
import { AppError } from "@/lib/errors";

/** host:port of a PostgreSQL URL, for messages (never the password). */
export function describeDatabaseUrl(url: string): string {
  const { host, port, database } = parse(url);
  return `${host ?? "localhost"}:${port ?? 5432}/${database ?? ""}`;
}

/**
 * Connects once to prove the server is there, turning driver errors into a message that names
 * the server and what went wrong. A missing database is created when the role may do so.
 */
export async function checkDatabaseReachable(url: string): Promise<{ serverVersion: string }> {
  const where = describeDatabaseUrl(url);
  const attempt = async () => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>("show server_version");
      return { serverVersion: rows[0]!.server_version };
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  try {
    const result = await attempt();
    const major = Number.parseInt(result.serverVersion, 10);
    if (major < 15) {
      throw new AppError("DATABASE_UNREACHABLE", `PostgreSQL at ${where} is version ${result.serverVersion}; Rosetta needs 15 or newer.`);
    }
    return result;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code;
    if (code === "3D000") {
      await createDatabase(url);
      return attempt();
    }
    const reason = code === "28P01" ? "password authentication failed" : (error as Error).message || code || String(error);
    throw new AppError(
      "DATABASE_UNREACHABLE",
      `Cannot reach PostgreSQL at ${where} (DATABASE_URL): ${reason}${code && !reason.includes(code) ? ` [${code}]` : ""}`,
      { cause: error },
    );
  }
}

async function createDatabase(url: string): Promise<void> {
  const { database } = parse(url);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  try {
    await admin.connect();
    await admin.query(`create database ${admin.escapeIdentifier(database!)}`);
  } catch (error) {
    throw new AppError(
      "DATABASE_UNREACHABLE",
      `Database "${database}" does not exist at ${describeDatabaseUrl(url)} and could not be created: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Fails clearly when the database has no Rosetta schema yet (the studio applies migrations; workers do not). */
export async function assertSchemaApplied(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ workers: string | null; queue: string | null }>(
      "select to_regclass('public.workers')::text as workers, to_regnamespace('graphile_worker')::text as queue",
    );
    if (!rows[0]?.workers || !rows[0]?.queue) {
      throw new AppError(
        "CONFIG_INVALID",
        `The database at ${describeDatabaseUrl(url)} has no Rosetta schema yet. Start the studio against it once (it applies the migrations), then start workers.`,
      );
    }
  } finally {
    await client.end();
  }
}
