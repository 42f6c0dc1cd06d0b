import "server-only";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Language } from "@/lib/languages";
import { bareEnv } from "@/lib/sandbox/toolchains";

/**
 * Compile-time caches under CACHE_ROOT, which every sandbox mounts read-only (recipes/code-sandbox.md, "Tricks"):
 * - Go: a GOCACHE warmed on the standard library (and testify), used read-only by every run, so
 *   `go test` does not re-analyse std for vet every time (4.5 s → about 1 s; vet stays on). Go's
 *   cache is best-effort: what a run cannot write there it builds again, so no run writes a byte
 *   another run reads, and nothing is copied per run (23 MB, 500 files).
 * - Java: a dynamic AppCDS archive of javac's classes (about 1.1 s → 0.8 s per compile).
 * - JavaScript: lodash (a dependency of Rosetta's), on NODE_PATH, since MBXP's JavaScript tests
 *   `require("lodash")` (lib/eval/harness.ts).
 * Each is built once per toolchain version by trusted code (no candidate's code runs here), in a
 * scratch directory renamed into place, so two workers building at once cannot see half a cache.
 * A cache that cannot be built is simply not used: the run is slower, never different.
 */

const run = promisify(execFile);
const SANDBOX_PATH = "/usr/local/bin:/usr/bin:/bin";

export interface WarmCache {
  /** Extra shell run before the harness script, inside the sandbox. */
  prelude?: string;
  /** Values the harness uses (the javac archive's path). */
  javacArchive?: string;
}

const NONE: WarmCache = {};
const builds = new Map<Language, Promise<WarmCache>>();

/** Bound read-only into every sandbox (it holds nothing but these caches). */
export const CACHE_ROOT = path.join(os.tmpdir(), "rosetta-sandbox-cache");

/** Created before any sandbox starts, so that every sandbox can bind it. */
export async function ensureCacheRoot(): Promise<void> {
  // Synchronous: every sandbox's start checks it, and two promises' thread-pool trips cost more than the work.
  mkdirSync(CACHE_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(CACHE_ROOT, 0o755);
}

/** The language's warm cache, built on first use (concurrent callers share one build). */
export function warmCache(language: Language): Promise<WarmCache> {
  if (language !== "go" && language !== "java" && language !== "javascript") return Promise.resolve(NONE);
  let build = builds.get(language);
  if (!build) {
    build = (language === "go" ? goCache() : language === "java" ? javacArchive() : nodeModules()).catch(() => NONE);
    builds.set(language, build);
  }
  return build;
}

async function versionKey(command: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await run(command, args, { env: bareEnv({ PATH: SANDBOX_PATH }) });
  return createHash("sha256")
    .update(stdout + stderr)
    .digest("hex")
    .slice(0, 12);
}

/** Builds `name` with `build(dir)` unless it is there already; returns its final path. */
async function once(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const final = path.join(CACHE_ROOT, name);
  if (
    await stat(final).then(
      () => true,
      () => false,
    )
  )
    return final;
  await ensureCacheRoot();
  const scratch = await mkdtemp(path.join(CACHE_ROOT, `.${name}-`));
  try {
    await build(scratch);
    await run("chmod", ["-R", "a+rX", scratch]);
    await rename(scratch, final).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error; // another worker won the race: use theirs
    });
    return final;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The same environment the Go harness uses, so the cache keys match. */
export const GO_ENV = { GO111MODULE: "off", CGO_ENABLED: "0" } as const;
/** Where the Go harness keeps its cache (the warm one when there is one) and GOPATH: the run's own temporary folder. */
export const GO_SETUP = 'export GOCACHE="${GOCACHE:-$TMPDIR/gocache}" GOPATH="$TMPDIR/gopath:/usr/share/gocode"';

const GO_WARM_PACKAGES = [
  "bufio",
  "bytes",
  "errors",
  "fmt",
  "math",
  "math/big",
  "math/bits",
  "os",
  "reflect",
  "regexp",
  "sort",
  "strconv",
  "strings",
  "time",
  "unicode",
  "unicode/utf8",
  "container/heap",
  "container/list",
  "crypto/md5",
  "encoding/json",
  "encoding/hex",
];

async function goCache(): Promise<WarmCache> {
  const key = await versionKey("go", ["version"]);
  const dir = await once(`go-${key}`, async (scratch) => {
    const work = path.join(scratch, "work");
    await mkdir(work);
    const testify = await stat("/usr/share/gocode/src/github.com/stretchr/testify/assert").then(
      () => true,
      () => false,
    );
    const imports = [...GO_WARM_PACKAGES, "testing", ...(testify ? ["github.com/stretchr/testify/assert"] : [])];
    await writeFile(path.join(work, "main.go"), "package main\n\nfunc Warm() int { return 1 }\n");
    await writeFile(
      path.join(work, "main_test.go"),
      `package main\n\nimport (\n${imports.map((p) => `\t_ "${p}"`).join("\n")}\n\t"testing"\n)\n\nfunc TestWarm(t *testing.T) {\n\tif Warm() != 1 {\n\t\tt.Fatal("warm")\n\t}\n}\n`.replace(
        `\t_ "testing"\n`,
        "",
      ),
    );
    const env = {
      PATH: SANDBOX_PATH,
      HOME: scratch,
      ...GO_ENV,
      GOPATH: `${path.join(scratch, "gopath")}:/usr/share/gocode`,
      GOCACHE: path.join(scratch, "gocache"),
    };
    await run("go", ["test", "-count=1", "main.go", "main_test.go"], { cwd: work, env: bareEnv(env), timeout: 180_000 });
    await rm(work, { recursive: true, force: true });
    await rm(path.join(scratch, "gopath"), { recursive: true, force: true });
  });
  return { prelude: `export GOCACHE=${dir}/gocache` };
}

async function javacArchive(): Promise<WarmCache> {
  const key = await versionKey("javac", ["-version"]);
  const dir = await once(`javac-${key}`, async (scratch) => {
    await writeFile(
      path.join(scratch, "Warm.java"),
      "import java.util.*;\npublic class Warm { public static void main(String[] a) { List<Integer> l = new ArrayList<>(); assert l.isEmpty(); } }\n",
    );
    await run(
      "javac",
      [
        "-J-XX:ArchiveClassesAtExit=" + path.join(scratch, "javac.jsa"),
        "-J-XX:TieredStopAtLevel=1",
        "-J-XX:+UseSerialGC",
        "-d",
        scratch,
        path.join(scratch, "Warm.java"),
      ],
      {
        env: bareEnv({ PATH: SANDBOX_PATH, HOME: scratch }),
        timeout: 120_000,
      },
    );
    await rm(path.join(scratch, "Warm.java"));
    await rm(path.join(scratch, "Warm.class"));
  });
  return { javacArchive: path.join(dir, "javac.jsa") };
}

async function nodeModules(): Promise<WarmCache> {
  // Beside the sources first (the CLI runs from any folder), then where the studio runs.
  const lodash = [
    path.resolve(import.meta.dirname ?? ".", "..", "..", "node_modules", "lodash"),
    path.join(process.cwd(), "node_modules", "lodash"),
  ].find((dir) => existsSync(path.join(dir, "package.json")));
  if (!lodash) return NONE;
  const { version } = JSON.parse(await readFile(path.join(lodash, "package.json"), "utf8")) as { version: string };
  const dir = await once(`node-modules-lodash-${version}`, async (scratch) => {
    await run("cp", ["-r", lodash, path.join(scratch, "lodash")]);
  });
  return { prelude: `export NODE_PATH=${dir}` };
}
