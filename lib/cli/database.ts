import { readFile } from "node:fs/promises";
import type { Env } from "@/lib/env";
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
    const run = await readFile(embeddedPaths(env.dataDir).runFile, "utf8").then((text) => JSON.parse(text) as RunFile, () => null);
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
