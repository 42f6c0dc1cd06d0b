import { jsonrepair } from "jsonrepair";
import { scanValue } from "@/lib/llm/parse/scan";

export type JsonRead = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Parses a candidate as JSON, else repairs near-JSON (trailing commas, single quotes, Python
 * constants, comments, unquoted keys, missing commas, raw newlines in strings) with jsonrepair.
 * Repair is only tried on a candidate whose brackets balance: jsonrepair would also close a
 * truncated answer, and a solution cut off mid-string must stay a failure, not become a sample.
 */
export function readJson(candidate: string): JsonRead {
  const text = candidate.trim();
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // near-JSON, or junk: see below
  }
  if (!/^[{[]/.test(text)) return { ok: false, error: "the answer is not JSON." };
  const scan = scanValue(text, 0);
  if (scan.kind === "open") {
    return { ok: false, error: scan.inString ? "the JSON is cut off inside a string (the answer ended before the JSON did)." : "the JSON is cut off: a { or [ is never closed." };
  }
  if (scan.kind === "mismatch") return { ok: false, error: `the JSON's brackets do not match: "${text[scan.at]}" at character ${scan.at + 1} closes a bracket of the other kind.` };
  if (text.slice(scan.end).trim()) return { ok: false, error: "there is more text after the JSON value." };
  try {
    return { ok: true, value: JSON.parse(jsonrepair(text)) };
  } catch (error) {
    return { ok: false, error: `the JSON does not parse (${(error as Error).message.split("\n")[0]}).` };
  }
}
