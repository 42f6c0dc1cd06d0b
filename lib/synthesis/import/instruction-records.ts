import { detectLanguage, normalizeLanguageName } from "@/lib/synthesis/import/detect-language";

/**
 * One line of an existing instruction set, read as an (instruction, response) pair. The shapes are
 * the ones trainers read and Rosetta's own exports write (lib/datasets/export/formats.ts), so an
 * export of a version imports back:
 * - rosetta: `{instruction, response | output | solution, language?}`
 * - messages (SFT chat): `{messages: [{role: "system"}?, {role: "user", content}, {role: "assistant", content}]}`
 * - sharegpt: `{conversations: [{from: "system"}?, {from: "human", value}, {from: "gpt", value}]}`
 * - alpaca: `{instruction, input?, output}` (a non-empty input is appended to the instruction)
 * A multi-turn conversation gives its first user/assistant exchange: the later turns lean on it and
 * would not stand alone as an instruction, while the first does.
 */

export const INSTRUCTION_FORMATS = ["auto", "rosetta", "messages", "sharegpt", "alpaca"] as const;
export type InstructionFormat = (typeof INSTRUCTION_FORMATS)[number];

export interface InstructionPair {
  instruction: string;
  response: string;
  language?: string;
  license?: string;
  repo?: string;
}

export type RecordResult = { pair: InstructionPair } | { reason: "unknown-shape" | "empty"; detail: string };

type Shape = Exclude<InstructionFormat, "auto">;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function shapeOf(record: Record<string, unknown>): Shape | undefined {
  if (Array.isArray(record.messages)) return "messages";
  if (Array.isArray(record.conversations)) return "sharegpt";
  if (typeof record.instruction === "string")
    return "input" in record || ("output" in record && !("response" in record)) ? "alpaca" : "rosetta";
  return undefined;
}

/** The first user turn and the assistant turn right after it, system turns passed over. */
function firstExchange(turns: unknown[], roleKey: string, contentKey: string, user: string[], assistant: string[]) {
  const rest = turns.filter((turn) => !(isObject(turn) && turn[roleKey] === "system"));
  const [ask, answer] = rest;
  if (!isObject(ask) || !user.includes(String(ask[roleKey])))
    return { error: `the first turn (after any system turn) should have ${roleKey} "${user[0]}"` };
  if (!isObject(answer) || !assistant.includes(String(answer[roleKey])))
    return { error: `the turn after the first "${user[0]}" turn should have ${roleKey} "${assistant[0]}"` };
  const instruction = text(ask[contentKey]);
  const response = text(answer[contentKey]);
  if (instruction === undefined || response === undefined) return { error: `each turn needs a string "${contentKey}"` };
  return { instruction, response };
}

export function readInstructionRecord(value: unknown, format: InstructionFormat = "auto"): RecordResult {
  if (!isObject(value)) return { reason: "unknown-shape", detail: "a line should be a JSON object" };
  const shape = format === "auto" ? shapeOf(value) : format;
  if (!shape)
    return {
      reason: "unknown-shape",
      detail: "expected {instruction, response}, {messages: [...]}, {conversations: [...]} or {instruction, input, output}",
    };
  let instruction: string | undefined;
  let response: string | undefined;
  if (shape === "messages" || shape === "sharegpt") {
    const turns = shape === "messages" ? value.messages : value.conversations;
    if (!Array.isArray(turns))
      return { reason: "unknown-shape", detail: `no "${shape === "messages" ? "messages" : "conversations"}" list` };
    const exchange =
      shape === "messages"
        ? firstExchange(turns, "role", "content", ["user"], ["assistant"])
        : firstExchange(turns, "from", "value", ["human", "user"], ["gpt", "assistant"]);
    if ("error" in exchange) return { reason: "unknown-shape", detail: exchange.error! };
    ({ instruction, response } = exchange);
  } else {
    instruction = text(value.instruction);
    response = shape === "alpaca" ? text(value.output) : (text(value.response) ?? text(value.output) ?? text(value.solution));
    const input = shape === "alpaca" ? text(value.input)?.trim() : undefined;
    if (instruction !== undefined && input) instruction = `${instruction}\n\n${input}`;
    if (instruction === undefined || response === undefined)
      return {
        reason: "unknown-shape",
        detail: shape === "alpaca" ? 'alpaca needs string "instruction" and "output"' : 'needs string "instruction" and "response"',
      };
  }
  if (!instruction.trim()) return { reason: "empty", detail: "empty instruction" };
  if (!response.trim()) return { reason: "empty", detail: "empty response" };
  return {
    pair: {
      instruction,
      response,
      language: text(value.language),
      license: text(value.license),
      repo: text(value.repo) ?? text(value.source),
    },
  };
}

const FENCE = /```([^\n`]*)\n([\s\S]*?)```/g;

/**
 * A response's language: the tag of its first tagged code fence, else what its fenced code (or,
 * without fences, the whole response) looks like. "other" when nothing is convincing.
 */
export function responseLanguage(response: string): string {
  const fences = [...response.matchAll(FENCE)];
  for (const [, tag] of fences) {
    const language = tag && normalizeLanguageName(tag.trim().split(/\s+/)[0]!);
    if (language) return language;
  }
  const code = fences.length ? fences.map((fence) => fence[2]).join("\n") : response;
  return detectLanguage({ code });
}
