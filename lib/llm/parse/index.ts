import { findJsonCandidates } from "@/lib/llm/parse/candidates";
import { findFencedBlocks } from "@/lib/llm/parse/fences";
import { describeIssues } from "@/lib/llm/parse/issues";
import { readJson } from "@/lib/llm/parse/json";
import { splitReasoning } from "@/lib/llm/parse/reasoning";
import type { AnswerContext, Contract, Parsed } from "@/lib/llm/parse/types";

export type { AnswerContext, Contract, Parsed } from "@/lib/llm/parse/types";
export { CONTRACTS } from "@/lib/llm/parse/contracts";
export { extractJson } from "@/lib/llm/parse/candidates";
export { splitReasoning } from "@/lib/llm/parse/reasoning";

/** Normalises data towards the contract's canonical shape and validates it. */
function check<T>(contract: Contract<T>, data: unknown, context: AnswerContext): Parsed<T> {
  const normalized = contract.normalize(data, context);
  const result = contract.schema.safeParse(normalized);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, error: `the answer does not fit the expected shape: ${describeIssues(result.error, normalized, contract.wireKey)}` };
}

/**
 * Finds, normalises and validates a role's answer. JSON candidates are tried in order (see
 * findJsonCandidates) and the first that validates wins; then the contract's markdown shape. On
 * failure the error is the most telling one met: a JSON value of the wrong shape, else code cut off
 * in an unclosed fence, else a markdown answer missing a part, else JSON that does not parse (or
 * is cut off), else no JSON at all.
 */
export function parseAnswer<T>(text: string, contract: Contract<T>, context: AnswerContext = {}): Parsed<T> {
  const { answer } = splitReasoning(text);
  const { candidates, cutOff } = findJsonCandidates(answer);
  let shapeError: string | undefined;
  let readError: string | undefined;
  for (const candidate of candidates) {
    const read = readJson(candidate);
    if (!read.ok) {
      readError ??= read.error;
      continue;
    }
    const checked = check(contract, read.value, context);
    if (checked.ok) return checked;
    shapeError ??= checked.error;
  }
  const markdown = contract.fromMarkdown?.(answer, context);
  let markdownError: string | undefined;
  if (markdown !== undefined) {
    const checked = check(contract, markdown, context);
    if (checked.ok) return checked;
    markdownError = checked.error;
  }
  const unclosed = contract.fromMarkdown && findFencedBlocks(answer).at(-1)?.closed === false;
  const error =
    shapeError ??
    (unclosed ? "the answer is cut off inside a code block (no closing ```)." : undefined) ??
    markdownError ??
    readError ??
    (cutOff ? "the JSON is cut off (the answer ended before the JSON did)." : undefined);
  return { ok: false, error: error ?? (answer.trim() ? "no JSON found in the answer." : "the answer is empty.") };
}

/** The repair round's message: the exact problem and the expected shape, once. */
export function repairMessage(contract: Contract<unknown>, error: string): string {
  return `Your answer could not be used: ${error}\nAnswer again with only the corrected JSON, no other text, in this shape:\n${contract.example}`;
}
