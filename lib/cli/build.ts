import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { childEnv, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { progressLine } from "@/lib/cli/progress";
import { appRoot, nextBin } from "@/lib/cli/paths";

/** What the production build is made from. A change to any of it calls for a new build. */
const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "model-server",
  "instrumentation.ts",
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
    // Tests and folder READMEs are not part of the app: editing them calls for no new build.
    if (SKIP.has(dirent.name) || /\.test\.tsx?$|\.md$/.test(dirent.name)) continue;
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

/** How long the last build took on this machine, kept in the data folder (it survives `.next` being removed). */
const TIMING = () => path.join(env.dataDir, "last-build.json");

async function lastBuildSeconds(): Promise<number | null> {
  return readFile(TIMING(), "utf8").then(
    (text) => (JSON.parse(text) as { seconds?: number }).seconds ?? null,
    () => null,
  );
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** Next's phases, as its output announces them: the step the progress line names. */
const PHASES: [RegExp, string][] = [
  [/Creating an optimized production build/, "compiling"],
  [/Compiled successfully|Skipping validation of types|Running TypeScript/, "checking"],
  [/Collecting page data/, "collecting page data"],
  [/Generating static pages/, "pre-rendering pages"],
  [/Finalizing page optimization|Collecting build traces/, "finalizing"],
];

function phaseOf(output: string, current: string): string {
  let phase = current;
  let at = -1;
  for (const [pattern, name] of PHASES) {
    const found = output.search(pattern);
    if (found > at) [phase, at] = [name, found];
  }
  return phase;
}

/**
 * `next build`, its output kept back: a progress line says what runs and for how long (against
 * the last build's time here), and the output is shown only when the build fails.
 */
export async function buildWebApp(): Promise<void> {
  const started = Date.now();
  const fingerprint = await buildFingerprint();
  const last = await lastBuildSeconds();
  const progress = progressLine(
    `Building the web app (${last === null ? "the first build takes minutes on two cores" : `took ${last} s last time`})…`,
  );
  let output = "";
  let phase = "starting";
  const tick = setInterval(() => {
    phase = phaseOf(output, phase);
    progress.update(`${phase} · ${seconds(Date.now() - started)} s`);
  }, 1000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [nextBin, "build"], { cwd: appRoot, stdio: ["ignore", "pipe", "pipe"], env: childEnv({}) });
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code, signal) =>
        code === 0
          ? resolve()
          : reject(new AppError("INTERNAL", `The web app build failed (next build exited with ${signal ?? code}); its output is above.`)),
      );
    });
  } catch (error) {
    clearInterval(tick);
    progress.done(`failed after ${seconds(Date.now() - started)} s`);
    process.stderr.write(output);
    throw error;
  }
  clearInterval(tick);
  const took = seconds(Date.now() - started);
  await writeFile(STAMP, JSON.stringify({ fingerprint, builtAt: new Date().toISOString() }));
  await mkdir(env.dataDir, { recursive: true });
  await writeFile(TIMING(), JSON.stringify({ seconds: took, builtAt: new Date().toISOString() }));
  // Kept for whoever wants Next's own account of the build (routes, sizes, any warning).
  await writeFile(path.join(env.dataDir, "last-build.log"), output);
  progress.done(`done in ${took} s`);
}
