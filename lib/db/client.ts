import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export type { Prisma } from "./generated/client";

/** A Prisma client on its own connection pool. Processes other than the web app (worker, tests) make their own. */
export function createDb(url: string, { applicationName = "rosetta", max = 10 }: { applicationName?: string; max?: number } = {}): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, application_name: applicationName, max }) });
}

// One client per process, kept across hot reloads in development.
const globalForDb = globalThis as unknown as { rosettaDb?: Db };

/** The process-wide client, built on first use from DATABASE_URL. */
export function getDb(): Db {
  if (!globalForDb.rosettaDb) {
    if (!env.DATABASE_URL) {
      throw new AppError("CONFIG_INVALID", "DATABASE_URL is not set: start the studio with `npm start`, which provides it.");
    }
    globalForDb.rosettaDb = createDb(env.DATABASE_URL, { applicationName: "rosetta-web" });
  }
  return globalForDb.rosettaDb;
}
