import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface ModelServer {
  /** The OpenAI-compatible base URL, e.g. http://127.0.0.1:41234/v1. */
  url: string;
  stop: () => void;
}

/**
 * `rosetta model-server` as a child process on a free port (the scripted OpenAI-compatible server:
 * no language model inside). Extra flags tune its latency model and faults, e.g.
 * ["--tokens-per-second", "80"] so an answer visibly streams.
 */
export async function startModelServer(flags: string[] = []): Promise<ModelServer> {
  const child: ChildProcess = spawn(process.execPath, [path.resolve(import.meta.dirname, "..", "bin", "rosetta.js"), "model-server", "--port", "0", ...flags], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /on (http:\/\/\S+\/v1)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`the model server exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}
