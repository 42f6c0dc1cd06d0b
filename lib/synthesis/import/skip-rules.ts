import { open } from "node:fs/promises";
import path from "node:path";

/**
 * What an import reads and what it passes over, one set of rules for `rosetta import`'s folder
 * walk and for zips uploaded to the studio, so that the same tree imports the same way either way.
 */

/** Folders of someone else's code, build output or tool state: never read. */
const VENDORED_DIRS = new Set([
  "node_modules",
  "vendor",
  "third_party",
  "third-party",
  "bower_components",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "target",
  "out",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".next",
  ".gradle",
  "Pods",
  ".idea",
  ".vscode",
]);

/** Extensions worth reading at all (the rest of a tree — images, docs, data — is not code). */
export const CODE_EXTENSIONS = /\.(py|pyw|js|mjs|cjs|jsx|ts|mts|cts|tsx|java|cpp|cc|cxx|hpp|hh|hxx|h|cs|php|sh|bash|go|rs)$/i;

export function isVendoredDir(name: string): boolean {
  return VENDORED_DIRS.has(name);
}

/**
 * The first vendored folder on a file's relative path, as "app/node_modules/", or undefined. Only
 * folders count: a script named `build` or `target` is still read.
 */
export function vendoredFolder(relative: string): string | undefined {
  const parts = relative.split(/[\\/]/);
  const index = parts.slice(0, -1).findIndex((part) => VENDORED_DIRS.has(part));
  return index === -1 ? undefined : `${parts.slice(0, index + 1).join("/")}/`;
}

/**
 * Whether a symbolic link is worth a skip reason: one with a code file's name is reported (it
 * would have been read); the rest are passed over silently, as non-code files are. A link is never
 * followed, so an extensionless one cannot be sniffed for a shebang.
 */
export function isReportedSymlink(name: string): boolean {
  return CODE_EXTENSIONS.test(name);
}

/** Whether a file starts with `#!` (after a byte-order mark, which some editors write). */
export async function hasShebang(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return false;
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    const start = bytesRead >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    return buffer.toString("latin1", start, Math.min(bytesRead, start + 2)) === "#!";
  } finally {
    await handle.close();
  }
}

/** Code by its extension, or, without one, by a shebang line (`#!/usr/bin/env python3`). */
export async function isCodeFile(file: string): Promise<boolean> {
  if (CODE_EXTENSIONS.test(file)) return true;
  return path.extname(file) === "" && (await hasShebang(file));
}
