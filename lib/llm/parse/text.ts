import { unfence } from "@/lib/llm/parse/fences";
import { isRecord } from "@/lib/llm/parse/keys";

/** A required text field: whitespace alone is empty, so that the schema's "non-empty" refuses it. */
export function readText(value: unknown): unknown {
  return typeof value === "string" && !value.trim() ? "" : value;
}

/**
 * A code field (solution, tests): a list of lines is joined, and a value that is one fenced block
 * is the code inside it. Anything else that is not a string stays as it is, for the schema to refuse.
 */
export function readCode(value: unknown): unknown {
  const joined = Array.isArray(value) && value.length > 0 && value.every((line) => typeof line === "string") ? value.join("\n") : value;
  if (typeof joined !== "string") return joined;
  return readText(unfence(joined) ?? joined);
}

/** An optional text field: a value of the wrong kind is dropped rather than sinking the answer. */
export function readOptionalText(value: unknown): string | undefined {
  if (Array.isArray(value) && value.every((part) => typeof part === "string")) value = value.join("\n");
  return typeof value === "string" && value.trim() ? value : undefined;
}

const ISSUE_TEXT = ["issue", "description", "problem", "text", "message", "detail", "details", "summary", "suggestion"];

/**
 * A list of issues: one string is a list of one, none is an empty list, and an issue written as an
 * object ({"issue": "…", "severity": "high"}) is its text. An object in place of the list stays, to be refused.
 */
export function readIssues(value: unknown): unknown {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value.trim() ? [value] : [];
  if (!Array.isArray(value)) return value;
  return value.map((item) => {
    if (!isRecord(item)) return item;
    const key = ISSUE_TEXT.find((name) => typeof item[name] === "string");
    return key ? item[key] : item;
  });
}
