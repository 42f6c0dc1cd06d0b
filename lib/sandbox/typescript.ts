import "server-only";
import { Worker } from "node:worker_threads";

/**
 * TypeScript is judged as MultiPL-E judges it: the program must type-check (`tsc --target esnext`)
 * before it runs. Checking reads the code and runs none of it, so it happens in the trusted
 * process, with the standard library's parsed files cached across checks; only the emitted
 * JavaScript goes into the sandbox. It happens on a worker thread with a time and memory limit,
 * because pathological types can hang a checker: a check over the limit is an "error" verdict and
 * the thread is replaced (checks queued behind it are sent to the new one).
 */

/** `sourceMap` (the emitted JavaScript's, asked for when measuring coverage) maps it back to the TypeScript's lines. */
export type TypeCheck = { ok: true; javascript: string; sourceMap?: string } | { ok: false; errors: string };

const TIMEOUT_MS = 20_000;
const MEMORY_MB = 768;

interface Pending {
  source: string;
  sourceMap: boolean;
  timeoutMs: number;
  resolve: (result: TypeCheck) => void;
  timer?: NodeJS.Timeout;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  const thread = new Worker(new URL("./typescript-checker.mjs", import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB },
  });
  thread.on("message", ({ id, result }: { id: number; result: TypeCheck }) => settle(id, result));
  const replace = (reason: string) => {
    if (worker !== thread) return;
    worker = undefined;
    // The check that was running is the culprit: the first one sent. The others go to a new thread.
    const [first, ...rest] = [...pending.keys()].sort((a, b) => a - b);
    if (first !== undefined) settle(first, { ok: false, errors: reason });
    for (const id of rest) send(id);
  };
  thread.on("error", (error) => replace(`the type-checker failed: ${error.message}`));
  thread.on("exit", () => replace("the type-checker stopped"));
  return thread;
}

function send(id: number): void {
  const job = pending.get(id);
  if (!job) return;
  worker ??= start();
  worker.ref();
  clearTimeout(job.timer);
  job.timer = setTimeout(() => {
    const thread = worker;
    worker = undefined;
    settle(id, { ok: false, errors: `type-checking took over ${job.timeoutMs / 1000} s` });
    for (const other of [...pending.keys()]) send(other);
    void thread?.terminate();
  }, job.timeoutMs);
  worker.postMessage({ id, source: job.source, sourceMap: job.sourceMap });
}

function settle(id: number, result: TypeCheck): void {
  const job = pending.get(id);
  if (!job) return;
  pending.delete(id);
  clearTimeout(job.timer);
  job.resolve(result);
  if (!pending.size) worker?.unref(); // an idle checker does not keep the process alive
}

export function checkTypeScript(
  source: string,
  { timeoutMs = TIMEOUT_MS, sourceMap = false }: { timeoutMs?: number; sourceMap?: boolean } = {},
): Promise<TypeCheck> {
  return new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, { source, sourceMap, timeoutMs, resolve });
    send(id);
  });
}
