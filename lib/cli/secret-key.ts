import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Env } from "@/lib/env";
import { newSecretKey } from "@/lib/llm/secrets";

/**
 * ROSETTA_SECRET_KEY, or the one kept in the data folder (created on first use, readable by the
 * owner only), so that a newcomer's `npm start` needs no configuration.
 */
export async function resolveSecretKey(env: Env): Promise<string> {
  if (env.ROSETTA_SECRET_KEY) return env.ROSETTA_SECRET_KEY;
  const file = path.join(env.dataDir, "secret-key");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(env.dataDir, { recursive: true });
  const key = newSecretKey();
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  return (await readFile(file, "utf8")).trim();
}
