#!/usr/bin/env node
// The `rosetta` command. Rosetta is written in TypeScript and runs from source: bundled on demand
// (bin/bundle.js) or through tsx, so there is no separate compile step between a checkout and a
// working CLI.
import { pathToFileURL } from "node:url";

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

// The sources as a bundle that stays in step with them (bin/bundle.js), or through tsx if it cannot
// be built or stored (e.g. node_modules read-only), which then reports any error in the sources.
let entry = null;
try {
  const { bundledEntry } = await import("./bundle.js");
  entry = await bundledEntry();
} catch {
  entry = null;
}
let main;
if (entry) {
  process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources, as under tsx
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  await import("./register.js");
  ({ main } = await import("../lib/cli/main.ts"));
}
// Exit once the command is done rather than when the last handle closes: a command has finished
// its work (and shut down what it started) when main() resolves, and idle driver connections
// would otherwise keep the process around for seconds.
process.exit(await main(process.argv));
