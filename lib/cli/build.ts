import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { childEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { say } from "@/lib/cli/output";
import { appRoot, nextBin } from "@/lib/cli/paths";

/** What the production build is made from. A change to any of it calls for a new build. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const SKIP = new Set(["node_modules", ".next", ".rosetta"]);
const STAMP = path.join(appRoot, ".next", "rosetta-build.json");

async function* files(entry: string): AsyncGenerator<string> {
  const dirents = await readdir(entry, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOTDIR") return null;
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (dirents === null) {
    yield entry;
    return;
  }
  for (const dirent of dirents.sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(dirent.name) || dirent.name.endsWith(".test.ts") || dirent.name.endsWith(".test.tsx")) continue;
    yield* files(path.join(entry, dirent.name));
  }
}

/** A hash of the build's inputs: their paths and contents (not mtimes, so a fresh clone matches). */
export async function buildFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for await (const file of files(path.join(appRoot, input))) {
      hash
        .update(path.relative(appRoot, file))
        .update("\0")
        .update(await readFile(file))
        .update("\0");
    }
  }
  return hash.digest("hex");
}

/** Why a build is needed, or null when the current one is up to date. */
export async function staleBuildReason(): Promise<string | null> {
  const stamp = await readFile(STAMP, "utf8").then(
    (text) => JSON.parse(text) as { fingerprint: string },
    () => null,
  );
  if (!stamp) return "no production build yet";
  if (stamp.fingerprint !== (await buildFingerprint())) return "the sources changed since the last build";
  return null;
}

export async function buildWebApp(): Promise<void> {
  const started = Date.now();
  const fingerprint = await buildFingerprint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: appRoot, stdio: "inherit", env: childEnv({}) });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new AppError("INTERNAL", `The web app build failed (next build exited with ${signal ?? code}); its output is above.`)),
    );
  });
  await writeFile(STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  say(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
