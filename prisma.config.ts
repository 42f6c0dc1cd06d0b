import { readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// No native schema engine can be downloaded on these machines: point the stock CLI at the
// stand-in that speaks its JSON-RPC and runs @prisma/schema-engine-wasm (see the script's header).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/schema-engine-wasm.mjs");

// Tooling config, not app code: lib/env.ts is the app's only reader of the environment.
// Without DATABASE_URL, the CLI talks to the embedded PostgreSQL that `rosetta studio` is running
// (it records its URL in .rosetta/run/postgres.json while it runs).
function databaseUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = process.env.ROSETTA_DATA_DIR ?? path.join(import.meta.dirname, ".rosetta");
  try {
    return (JSON.parse(readFileSync(path.join(dataDir, "run", "postgres.json"), "utf8")) as { url: string }).url;
  } catch {
    return undefined; // `prisma generate` needs no database
  }
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: databaseUrl() ?? "postgresql://set-DATABASE_URL-or-run-npm-start@localhost:1/rosetta" },
});
