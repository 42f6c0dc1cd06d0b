/**
 * Bracket matching that reads strings as JSON does, so that a brace or bracket inside a string
 * (code in a `solution`, a regex, a format string) never counts. Near-JSON is read too: a single
 * quote opens a string where a value or key may start, and comments are skipped.
 */

export type Scan =
  | { kind: "closed"; end: number }
  | { kind: "mismatch"; at: number }
  /** The text ended with brackets (or a string) still open: a cut-off answer. */
  | { kind: "open"; inString: boolean };

const CLOSER: Record<string, string> = { "{": "}", "[": "]" };

/** Where a single quote may open a string: after an opening bracket, a comma or a colon. */
function opensString(text: string, at: number, from: number): boolean {
  for (let i = at - 1; i >= from; i--) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
    return c === "{" || c === "[" || c === "," || c === ":";
  }
  return false;
}

/** Scans the value that opens at `start` (a { or [) to its matching closer. */
export function scanValue(text: string, start: number): Scan {
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || (c === "'" && opensString(text, i, start))) quote = c;
    else if (c === "/" && text[i + 1] === "/") i = endOf(text, "\n", i) - 1;
    else if (c === "/" && text[i + 1] === "*") i = endOf(text, "*/", i + 2) + 1;
    else if (c === "{" || c === "[") stack.push(CLOSER[c]!);
    else if (c === "}" || c === "]") {
      if (stack.pop() !== c) return { kind: "mismatch", at: i };
      if (!stack.length) return { kind: "closed", end: i + 1 };
    }
  }
  return { kind: "open", inString: quote !== null };
}

function endOf(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at === -1 ? text.length : at;
}

/** Looks like the start of JSON rather than prose in brackets: `{"`, `[{`, `{'`, `[[`, `["`. */
export function looksLikeJson(text: string, at: number): boolean {
  return /^[{[]\s*["'{[]/.test(text.slice(at, at + 64));
}

/** Scanning gives up after this much work, so that a pathological answer cannot stall a worker. */
const BUDGET = 4_000_000;

/**
 * The balanced top-level {…} and […] spans of a text, left to right. A bracket that never closes
 * is passed over (prose such as "[0, n)" must not hide the JSON after it); `cutOff` says whether
 * one of them looked like the start of a JSON value the text ended inside.
 */
export function findBalancedSpans(text: string): { spans: string[]; cutOff: boolean } {
  const spans: string[] = [];
  let cutOff = false;
  let work = 0;
  for (let i = 0; i < text.length && work < BUDGET; i++) {
    const c = text[i];
    if (c !== "{" && c !== "[") continue;
    const scan = scanValue(text, i);
    if (scan.kind === "closed") {
      spans.push(text.slice(i, scan.end));
      work += scan.end - i;
      i = scan.end - 1;
    } else {
      if (scan.kind === "open" && looksLikeJson(text, i)) cutOff = true;
      work += scan.kind === "mismatch" ? scan.at - i : text.length - i;
    }
  }
  return { spans, cutOff };
}
