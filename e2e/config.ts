import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATA_DIR = path.resolve(import.meta.dirname, "..", ".rosetta", "e2e");

/** Debian's Chromium (never a downloaded browser); a clear message when it is missing. */
export function chromiumPath(): string {
  const candidate = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(candidate)) {
    throw new Error(
      `Chromium not found at ${candidate}. Install Debian's: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary).`,
    );
  }
  return candidate;
}

/** The database URL of the studio under test (the embedded one records it while it runs). */
export function studioDatabaseUrl(dataDir = E2E_DATA_DIR): string {
  return (JSON.parse(readFileSync(path.join(dataDir, "run", "postgres.json"), "utf8")) as { url: string }).url;
}
