import { readFile } from "node:fs/promises";
import { createDb, type Db } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { assertSchemaApplied, checkDatabaseReachable } from "@/lib/db/connect";
import { embeddedPaths, type RunFile } from "@/lib/db/embedded";

/**
 * The database a headless command works on: DATABASE_URL, or else the embedded database of a
 * studio running from this folder. Checked reachable and migrated before use.
 */
export async function commandDatabaseUrl(env: Env): Promise<string> {
  let url = env.DATABASE_URL;
  if (!url) {
    const run = await readFile(embeddedPaths(env.dataDir).runFile, "utf8").then(
      (text) => JSON.parse(text) as RunFile,
      () => null,
    );
    if (!run) {
      throw new AppError(
        "CONFIG_INVALID",
        `DATABASE_URL is not set and no studio is running with its data in ${env.dataDir}. Start the studio (npm start) or set DATABASE_URL to its PostgreSQL.`,
      );
    }
    url = run.url;
  }
  await checkDatabaseReachable(url);
  await assertSchemaApplied(url);
  return url;
}

/** A database connection for one command, named for `pg_stat_activity`, closed when the work ends. */
export async function withCommandDb<T>(applicationName: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(await commandDatabaseUrl(env), { applicationName });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** The id of the project a command names by slug, or NOT_FOUND naming it. */
export async function commandProjectId(db: Db, slug: string): Promise<string> {
  const project = await db.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project "${slug}".`);
  return project.id;
}
