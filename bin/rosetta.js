#!/usr/bin/env node
// The `rosetta` command. Rosetta is written in TypeScript and runs from source through tsx, so there
// is no separate compile step between a checkout and a working CLI.
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

await import("./register.js");

const { main } = await import("../lib/cli/main.ts");
// Exit once the command is done rather than when the last handle closes: a command has finished
// its work (and shut down what it started) when main() resolves, and idle driver connections
// would otherwise keep the process around for seconds.
process.exit(await main(process.argv));
