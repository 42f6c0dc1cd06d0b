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

const ROSETTA = path.resolve(import.meta.dirname, "..", "bin", "rosetta.js");

/**
 * `rosetta model-server` as a process of its own on a free port (the scripted OpenAI-compatible
 * server: no language model inside), resolved once it prints the URL it listens on. Flags tune its
 * latency model, faults and format, e.g. ["--tokens-per-second", "80"] so an answer visibly streams.
 */
export async function spawnModelServer(flags: string[] = [], env?: NodeJS.ProcessEnv): Promise<SpawnedModelServer> {
  const child = spawn(process.execPath, [ROSETTA, "model-server", "--port", "0", ...flags], {
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
