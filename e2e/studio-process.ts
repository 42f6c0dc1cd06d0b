import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

// A studio of a spec's own, beside the one the other specs share: started, watched and stopped by
// the spec (lifecycle, faults), and the processes it runs, read from /proc.

const ROOT = path.resolve(import.meta.dirname, "..");

export interface Studio {
  process: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

export function startStudio(env: Record<string, string>): Studio {
  const child = spawn(process.execPath, ["bin/rosetta.js", "studio"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output, exit: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

export async function waitForReady(studio: Studio): Promise<number> {
  const started = Date.now();
  await expect
    .poll(() => (studio.process.exitCode === null ? studio.output() : `exited:\n${studio.output()}`), {
      timeout: 120_000,
      intervals: [200],
    })
    .toContain("studio is ready");
  return Date.now() - started;
}

/** Every process descended from `pid`, read from /proc (the studio's postgres, web server, worker). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Whether `pid` still runs: a zombie (ended, not yet reaped by whoever adopted it) does not. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** `pid` and its command line, for a failure message that says which process was left behind. */
export function describeProcess(pid: number): string {
  try {
    return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim()}`;
  } catch {
    return `${pid} (ended)`;
  }
}
