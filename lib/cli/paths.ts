import path from "node:path";

/** The folder of Rosetta's own code (package.json, app/, .next/), wherever the command runs from. */
export const appRoot = path.resolve(import.meta.dirname, "..", "..");
export const nextBin = path.join(appRoot, "node_modules", "next", "dist", "bin", "next");
export const rosettaBin = path.join(appRoot, "bin", "rosetta.js");
export const exitWithParent = path.join(appRoot, "lib", "cli", "exit-with-parent.cjs");
