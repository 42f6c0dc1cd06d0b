import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// Only node: imports here: the end-to-end specs load this file outside the app's module aliases.

export interface SpawnedModelServer {
  /** The OpenAI-compatible base URL, e.g. http://127.0.0.1:41234/v1. */
  url: string;
  child: ChildProcess;
  /** SIGTERM, resolved once the process has exited. */
  stop: () => Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** bin/rosetta.js; by default found beside this file (a bundled caller, the web server, passes it). */
  bin?: string;
  /** Node flags before the script, e.g. ["--require", exitWithParent] so it ends with its parent. */
  nodeFlags?: string[];
}

/**
 * `rosetta model-server` as a process of its own on a free port (the scripted OpenAI-compatible
 * server: no language model inside), resolved once it prints the URL it listens on. Flags tune its
 * latency model, faults and format, e.g. ["--tokens-per-second", "80"] so an answer visibly streams.
 */
export async function spawnModelServer(
  flags: string[] = [],
  env?: NodeJS.ProcessEnv,
  { bin, nodeFlags = [] }: Omit<SpawnOptions, "env"> = {},
): Promise<SpawnedModelServer> {
  const rosetta = bin ?? path.resolve(import.meta.dirname, "..", "bin", "rosetta.js");
  const child = spawn(process.execPath, [...nodeFlags, rosetta, "model-server", "--port", "0", ...flags], {
    ...(env && { env }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/\S+\/v1)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`the model server exited with ${code} before listening: ${out.trim()}`)));
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
