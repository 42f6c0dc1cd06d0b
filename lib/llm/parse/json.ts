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
    return {
      ok: false,
      error: scan.inString
        ? "the JSON is cut off inside a string (the answer ended before the JSON did)."
        : "the JSON is cut off: a { or [ is never closed.",
    };
  }
  if (scan.kind === "mismatch")
    return {
      ok: false,
      error: `the JSON's brackets do not match: "${text[scan.at]}" at character ${scan.at + 1} closes a bracket of the other kind.`,
    };
  if (text.slice(scan.end).trim()) return { ok: false, error: "there is more text after the JSON value." };
  try {
    return { ok: true, value: JSON.parse(jsonrepair(text)) };
  } catch (error) {
    try {
      // Only strict JSON after this repair: a guess about quotes must not pass unless all else fits.
      return { ok: true, value: JSON.parse(escapeStrayQuotes(text)) };
    } catch {
      return { ok: false, error: `the JSON does not parse (${(error as Error).message.split("\n")[0]}).` };
    }
  }
}

const CONTROL: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Code written into a JSON string often keeps its own double quotes unescaped ("print("hi")"),
 * which jsonrepair cannot read. A quote inside a string closes it only where JSON can go on after
 * it (a comma, colon, closing bracket, or the end); the others are escaped, as are raw newlines.
 */
function escapeStrayQuotes(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!inString) {
      inString = c === '"';
      out += c;
    } else if (c === "\\") {
      out += c + (text[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      inString = next < text.length && !",:}]".includes(text[next]!);
      out += inString ? '\\"' : c;
    } else out += CONTROL[c] ?? c;
  }
  return out;
}
