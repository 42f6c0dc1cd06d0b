/**
 * An audit event's before and after as a person reads them: one line per field that says something,
 * "field: before → after" where it changed, "field: value" where only one side names it (what was
 * created or removed, or who it was about). Nested objects become dotted fields; unchanged ones are left out.
 */

export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
}

const MAX = 160;

function text(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.length ? value.map(text).join(", ") : "none";
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  return shown.length > MAX ? `${shown.slice(0, MAX)}…` : shown;
}

function flatten(value: unknown, prefix = "", into = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix) into.set(prefix, value);
  else if (value !== null && value !== undefined) into.set("value", value);
  return into;
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before);
  const now = flatten(after);
  const fields = [...new Set([...old.keys(), ...now.keys()])];
  return fields.flatMap((field): FieldChange[] => {
    const had = old.has(field);
    const has = now.has(field);
    if (had && has) {
      const [a, b] = [text(old.get(field)), text(now.get(field))];
      return a === b ? [] : [{ field, before: a, after: b }];
    }
    return had ? [{ field, before: text(old.get(field)) }] : [{ field, after: text(now.get(field)) }];
  });
}
