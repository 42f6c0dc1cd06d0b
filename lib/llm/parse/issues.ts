import type { z } from "zod";
import { ASPECTS } from "@/lib/llm/contracts";
import { LANGUAGES } from "@/lib/languages";

/**
 * Validation issues said the way the repair round needs them: which field, what was wrong, what
 * was expected — short, one clause per issue, with the value the model actually wrote.
 */

/** What each field is, where "a string" would not tell the model enough. */
const EXPECTED: Record<string, string> = {
  instruction: "the problem statement, as a non-empty string",
  solution: "the code, as a non-empty string",
  tests: "the test code, as a non-empty string",
  explanation: "a string",
  language: `one of ${LANGUAGES.join(", ")}`,
  critique: "the critique, as a non-empty string",
  issues: "a list of strings",
  expert: `one of ${ASPECTS.join(", ")}`,
  score: "a number from 1 to 5, or null for N/A",
  reason: "a non-empty string",
};

const TYPE_NAMES: Record<string, string> = {
  object: "an object",
  array: "a list",
  string: "a string",
  number: "a number",
  boolean: "true or false",
};

const MAX_ISSUES = 6;

function kindOf(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return value.trim() ? `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : "empty";
  return `${typeof value === "number" ? "the number" : `the ${typeof value}`} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

function pathName(root: string, path: readonly PropertyKey[]): string {
  let name = root;
  for (const key of path) name += typeof key === "number" ? `[${key}]` : name ? `.${String(key)}` : String(key);
  return name || "the answer";
}

function describe(issue: z.core.$ZodIssue, data: unknown, root: string): string {
  const where = pathName(root, issue.path);
  const value = valueAt(data, issue.path);
  const field = [...issue.path].reverse().find((key) => typeof key === "string");
  const expected = (field !== undefined && EXPECTED[field]) || undefined;
  // Which aspect a score or reason belongs to, so "scores[4].score" can be found in the answer.
  const entry = issue.path.length >= 2 ? valueAt(data, issue.path.slice(0, -1)) : undefined;
  const aspect =
    entry && typeof entry === "object" && typeof (entry as { expert?: unknown }).expert === "string"
      ? ` (${(entry as { expert: string }).expert})`
      : "";
  switch (issue.code) {
    case "invalid_type":
      return `${where}${aspect} is ${kindOf(value)}; expected ${expected ?? TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `${where}${aspect} is ${kindOf(value)}; expected one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
    case "too_big": {
      if (issue.origin === "string") return `${where}${aspect} is empty; expected ${expected ?? "a non-empty string"}`;
      if (issue.origin === "array") {
        const count = Array.isArray(value) ? value.length : 0;
        const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
        return `${where} has ${count} ${count === 1 ? "entry" : "entries"}; expected ${issue.exact ? "exactly" : issue.code === "too_small" ? "at least" : "at most"} ${String(bound)}`;
      }
      return `${where}${aspect} is ${kindOf(value)}, out of range; expected ${expected ?? "a number in range"}`;
    }
    default:
      return `${where}: ${issue.message}`;
  }
}

/** The issues of a failed validation, for the repair round. `root` names the top of the wire shape ("scores"). */
export function describeIssues(error: z.ZodError, data: unknown, root = ""): string {
  // Zod still runs a list's length check on a string in its place: the wrong type says it all.
  const wrongType = new Set(error.issues.filter((i) => i.code === "invalid_type").map((i) => i.path.join(".")));
  const issues = error.issues.filter((i) => i.code === "invalid_type" || !wrongType.has(i.path.join(".")));
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => describe(issue, data, root));
  const more = issues.length - MAX_ISSUES;
  return lines.join("; ") + (more > 0 ? `; and ${more} more` : "") + ".";
}
