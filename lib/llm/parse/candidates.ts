import { findFencedBlocks } from "@/lib/llm/parse/fences";
import { readJson } from "@/lib/llm/parse/json";
import { findBalancedSpans } from "@/lib/llm/parse/scan";

const JSON_LABELS = new Set(["json", "json5", "jsonc"]);

/**
 * The places JSON may be in an answer, most deliberate first: the whole answer, blocks fenced as
 * json, other fenced blocks, then balanced {…}/[…] spans anywhere in the text. The caller takes
 * the first that validates, so prose around the JSON, or a JSON-looking aside, costs nothing.
 */
export function findJsonCandidates(answer: string): { candidates: string[]; cutOff: boolean } {
  const blocks = findFencedBlocks(answer);
  const fenced = [...blocks.filter((b) => JSON_LABELS.has(b.label)), ...blocks.filter((b) => !JSON_LABELS.has(b.label))];
  const { spans, cutOff } = findBalancedSpans(answer);
  const all = [answer, unquote(answer), ...fenced.map((b) => b.content), ...spans]
    .map((text) => text.trim())
    .filter((text) => /^[{[]/.test(text));
  return { candidates: [...new Set(all)], cutOff };
}

/** An answer that is JSON encoded twice (a JSON string holding the JSON), as some wrappers send it. */
function unquote(answer: string): string {
  if (!/^\s*"\s*[{[]/.test(answer)) return "";
  try {
    const inner: unknown = JSON.parse(answer);
    return typeof inner === "string" ? inner : "";
  } catch {
    return "";
  }
}

/** The first JSON value in a model's answer, as JSON text (repaired where it was near-JSON). */
export function extractJson(answer: string): string | undefined {
  for (const candidate of findJsonCandidates(answer).candidates) {
    const read = readJson(candidate);
    if (read.ok) return JSON.stringify(read.value);
  }
  return undefined;
}

/** A fenced block that holds JSON rather than code: labelled so, or unlabelled and parsing as JSON. */
export function isJsonBlock(block: { label: string; content: string }): boolean {
  if (JSON_LABELS.has(block.label)) return true;
  return !block.label && /^\s*[{[]/.test(block.content) && readJson(block.content).ok;
}
