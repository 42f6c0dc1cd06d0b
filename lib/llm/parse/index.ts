import { z } from "zod";
import type { AnswerContext, Contract, Parsed } from "@/lib/llm/parse/types";

export type { AnswerContext, Contract, Parsed } from "@/lib/llm/parse/types";
export { CONTRACTS } from "@/lib/llm/parse/contracts";

/**
 * Reasoning a model writes before its answer (`<think>…</think>`, `<thinking>…</thinking>`,
 * closed or not) is kept apart and never parsed as the answer.
 */
export function splitReasoning(text: string): { answer: string; reasoning: string | null } {
  // SKELETON: helper A replaces this with the full rules (unclosed blocks, a lone closing tag…).
  const match = /^\s*<(think|thinking)>([\s\S]*?)<\/\1>/i.exec(text);
  if (!match) return { answer: text, reasoning: null };
  return { answer: text.slice(match[0].length), reasoning: match[2]!.trim() };
}

/** The JSON inside a model's answer: a fenced block if there is one, else the outermost {…} or […]. */
function extractJson(text: string): string | undefined {
  const fenced = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]?.trim()) return fenced[1].trim();
  const starts = [text.indexOf("{"), text.indexOf("[")].filter((i) => i >= 0);
  if (!starts.length) return undefined;
  const start = Math.min(...starts);
  const end = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
  return end > start ? text.slice(start, end + 1) : text.slice(start);
}

/** Finds, normalises and validates a role's answer; the error says what to fix, for the repair round. */
export function parseAnswer<T>(text: string, contract: Contract<T>, context: AnswerContext = {}): Parsed<T> {
  // SKELETON: helper A replaces this with candidate blocks, jsonrepair and the markdown shape.
  const { answer } = splitReasoning(text);
  const json = extractJson(answer);
  if (json === undefined) return { ok: false, error: "no JSON found in the answer." };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `the JSON does not parse (${(error as Error).message}).` };
  }
  const result = contract.schema.safeParse(contract.normalize(data, context));
  if (!result.success) return { ok: false, error: `the JSON does not match the expected shape:\n${z.prettifyError(result.error)}` };
  return { ok: true, value: result.data };
}

/** The repair round's message: the exact problem and the expected shape, once. */
export function repairMessage(contract: Contract<unknown>, error: string): string {
  return `Your answer could not be used: ${error}\nAnswer again with only the corrected JSON, in this shape:\n${contract.example}`;
}
