import { createHash } from "node:crypto";

/**
 * Exact-duplicate key: the code with line endings unified, trailing spaces dropped and blank
 * lines at either end removed, so that the same snippet saved on Windows or re-indented at the end
 * of a line is still one snippet.
 */
export function normalizedHash(code: string): string {
  const normalized = code
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
  return createHash("sha256").update(normalized).digest("hex");
}

const TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|\S/g;

/**
 * Tokens as a code model's tokenizer roughly counts them: identifiers, numbers and each punctuation
 * mark, with long identifiers counting as several (BPE splits them about every 4 characters).
 */
export function countCodeTokens(code: string): number {
  let tokens = 0;
  for (const match of code.matchAll(TOKEN)) tokens += Math.max(1, Math.ceil(match[0].length / 6));
  return tokens;
}
