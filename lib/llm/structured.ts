import { z } from "zod";

/** The JSON inside a model's answer: a fenced block if there is one, else the outermost {…} or […]. */
export function extractJson(text: string): string | undefined {
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]?.trim()) return fenced[1].trim();
  const starts = [text.indexOf("{"), text.indexOf("[")].filter((i) => i >= 0);
  if (!starts.length) return undefined;
  const start = Math.min(...starts);
  const end = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
  return end > start ? text.slice(start, end + 1) : text.slice(start);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses and validates a model's structured answer; the error says what to fix, for the repair round. */
export function parseStructured<Schema extends z.ZodType>(text: string, schema: Schema): Parsed<z.infer<Schema>> {
  const json = extractJson(text);
  if (json === undefined) return { ok: false, error: "no JSON found in the answer." };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `the JSON does not parse (${(error as Error).message}).` };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, error: `the JSON does not match the expected shape:\n${z.prettifyError(result.error)}` };
  return { ok: true, value: result.data };
}
