#!/usr/bin/env node
// The `rosetta` command. Rosetta is written in TypeScript and runs from source through tsx, so there
// is no separate compile step between a checkout and a working CLI.
import { register } from "node:module";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`rosetta needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

// A closed output (the terminal gone, `| head`) must not crash a command halfway through stopping
// what it started: drop the output instead.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
  });
}

const { register: registerTsx } = await import("tsx/esm/api");
registerTsx();
// Registered after tsx so it resolves first: `server-only` guards the browser bundle, not Node.
register("./server-only-hook.js", import.meta.url);

const { main } = await import("../lib/cli/main.ts");
// Exit once the command is done rather than when the last handle closes: a command has finished
// its work (and shut down what it started) when main() resolves, and idle driver connections
// would otherwise keep the process around for seconds.
process.exit(await main(process.argv));
