import { spawn } from "node:child_process";
import path from "node:path";
import { childEnv } from "@/lib/env";

/**
 * The time limit of the tests of a file whose tests run many commands: each is a Node process loading the
 * TypeScript sources, ~1.5 s of CPU, and several times that in wall time on a loaded 2-core
 * machine (nine took over the default 60 s there, at load 9).
 */
export const CLI_TEST_TIMEOUT = 180_000;

/** Runs `bin/rosetta.js` as a user would, collecting its exit code and both output streams (`input` piped to its stdin). */
export function rosetta(
  args: string[],
  env: Record<string, string> = {},
  { input }: { input?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.resolve("bin/rosetta.js"), ...args], {
    env: childEnv(env),
    stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (input !== undefined) child.stdin!.end(input);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}
