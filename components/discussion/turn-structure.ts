/**
 * An agent's finished answer as something to read rather than JSON to decode: the fields of its
 * JSON object (instruction, solution, tests, critique…) or the scorer's per-aspect table. Answers
 * that are not JSON (a verification verdict, a malformed answer) stay as they are: null.
 */

export type TurnField = { key: string; kind: "code" | "text" | "list"; value: string | string[] };
export type TurnStructure =
  { kind: "fields"; fields: TurnField[] } | { kind: "scores"; rows: { aspect: string; score: number; reason: string }[] };

/** Fields that hold code, shown in a code block. */
const CODE_KEYS = new Set(["solution", "tests", "code", "answer", "program"]);

/** The JSON inside a ```json fence, or the whole text. */
function unfence(text: string): string {
  const fenced = /^\s*```[a-z]*\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(text);
  return (fenced ? fenced[1]! : text).trim();
}

function isScoreRow(value: unknown): value is { expert: string; score: number; reason?: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { expert?: unknown }).expert === "string" &&
    typeof (value as { score?: unknown }).score === "number"
  );
}

export function structureTurn(text: string): TurnStructure | null {
  const body = unfence(text);
  if (!body.startsWith("{") && !body.startsWith("[")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (Array.isArray(parsed)) {
    if (!parsed.length || !parsed.every(isScoreRow)) return null;
    return { kind: "scores", rows: parsed.map((row) => ({ aspect: row.expert, score: row.score, reason: row.reason ?? "" })) };
  }
  if (typeof parsed !== "object" || parsed === null) return null;
  const fields = Object.entries(parsed).map(([key, value]): TurnField => {
    if (typeof value === "string") return { key, kind: CODE_KEYS.has(key) ? "code" : "text", value };
    if (Array.isArray(value) && value.every((item) => typeof item === "string")) return { key, kind: "list", value };
    return { key, kind: "code", value: JSON.stringify(value, null, 2) };
  });
  return fields.length ? { kind: "fields", fields } : null;
}

/**
 * A streaming answer whose model writes its thoughts inline (`<think>…</think>` before the answer,
 * as DeepSeek-R1 and Qwen3 do on servers that do not separate them): the thoughts apart, so they
 * are never shown as the answer while it streams. Once stored, the gateway has separated them.
 */
export function splitStreamingThought(text: string): { reasoning: string | null; answer: string } {
  const start = /^\s*<think>/.exec(text);
  if (!start) return { reasoning: null, answer: text };
  const rest = text.slice(start[0].length);
  const end = rest.indexOf("</think>");
  if (end < 0) return { reasoning: rest.trim(), answer: "" };
  return { reasoning: rest.slice(0, end).trim(), answer: rest.slice(end + "</think>".length).replace(/^\s+/, "") };
}
