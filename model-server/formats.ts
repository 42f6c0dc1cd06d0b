import { z } from "zod";
import { type Aspect } from "@/lib/llm/contracts";
import { LANGUAGE_NAMES } from "@/lib/languages";
import type { ScriptedAnswer } from "@/model-server/answers";
import { pick } from "@/lib/random";

/**
 * How the scripted server words its answers. Real models and servers wrap the same answer in
 * reasoning, markdown, near-JSON, loose values, or leave out protocol fields, and Rosetta must
 * cope with all of it; each mode answers in one of those forms so the test suite can cover it.
 * A mode changes only the form: which problem, which solution and which scores stay the seed's.
 */
export const FORMAT_MODES = [
  "json",
  "think",
  "reasoning-content",
  "fence-in-string",
  "near-json",
  "markdown",
  "loose-values",
  "no-finish-reason",
  "no-usage",
  "json-schema",
  "reject-response-format",
  "mixed",
] as const;
export const FormatMode = z.enum(FORMAT_MODES, { error: `must be one of ${FORMAT_MODES.join(", ")}` });
export type FormatMode = z.infer<typeof FormatMode>;

/** The content styles `mixed` draws from, one per answer. */
export const MIXED_STYLES = ["json", "think", "reasoning-content", "fence-in-string", "near-json", "markdown", "loose-values"] as const;
type Style = (typeof MIXED_STYLES)[number] | "prose-json" | "json-object" | "json-schema";

/** What a request may carry as `response_format` (OpenAI's shape); servers that know none ignore it. */
export const ResponseFormat = z
  .object({ type: z.string(), json_schema: z.object({ schema: z.unknown().optional() }).loose().optional() })
  .loose();
export type ResponseFormat = z.infer<typeof ResponseFormat>;

export interface AnswerPlan {
  /** Answer HTTP 400, as servers that know no response_format do (older llama.cpp and Ollama builds). */
  rejectResponseFormat: boolean;
  style: Style;
  /** json_schema's schema, whose shape the bare JSON follows. */
  schema?: unknown;
  finishReason: boolean;
  usage: boolean;
}

export function planAnswer(mode: FormatMode, responseFormat: ResponseFormat | null | undefined, random: () => number): AnswerPlan {
  const plan: AnswerPlan = {
    rejectResponseFormat: false,
    style: "json",
    finishReason: mode !== "no-finish-reason",
    usage: mode !== "no-usage",
  };
  switch (mode) {
    case "json":
    case "no-finish-reason":
    case "no-usage":
      return plan;
    case "json-schema":
      if (responseFormat?.type === "json_schema") return { ...plan, style: "json-schema", schema: responseFormat.json_schema?.schema };
      if (responseFormat?.type === "json_object") return { ...plan, style: "json-object" };
      // A client that does not send its schema gets what a model writes unconstrained.
      return { ...plan, style: random() < 0.5 ? "markdown" : "prose-json" };
    case "reject-response-format":
      return responseFormat ? { ...plan, rejectResponseFormat: true } : { ...plan, style: "prose-json" };
    case "mixed":
      return { ...plan, style: pick(random, MIXED_STYLES) };
    default:
      return { ...plan, style: mode };
  }
}

export interface Rendered {
  /** Sent apart from the answer (`reasoning_content`), as vLLM and DeepSeek do; "" when none. */
  reasoning: string;
  content: string;
}

/**
 * The answer in a style. `fenced` is the json style's coin (models often fence their JSON);
 * `random` draws everything else a style varies, so the content's own draws stay untouched.
 */
export function renderAnswer(
  answer: ScriptedAnswer,
  style: Style,
  { random, fenced, schema }: { random: () => number; fenced: boolean; schema?: unknown },
): Rendered {
  const content = (text: string) => ({ reasoning: "", content: text });
  switch (style) {
    case "json": {
      const text = JSON.stringify(answer.value);
      return content(fenced ? fence("json", text) : text);
    }
    case "think": {
      // Chat templates that put the opening tag in the prompt leave only the closing one in the answer.
      const open = random() < 0.3 ? "" : "<think>\n";
      return content(`${open}${reasoningAbout(answer)}\n</think>\n\n${fence("json", pretty(answer.value))}`);
    }
    case "reasoning-content":
      return { reasoning: reasoningAbout(answer), content: fenced ? fence("json", pretty(answer.value)) : JSON.stringify(answer.value) };
    case "fence-in-string":
      return content(inProse(fence("json", pretty(fencedCode(answer))), random));
    case "near-json":
      return content(inProse(nearJson(answer.value, random), random));
    case "markdown":
      return content(markdown(answer, random));
    case "loose-values": {
      const text = pretty(looseValues(answer, random));
      return content(fenced ? fence("json", text) : text);
    }
    case "prose-json":
      return content(inProse(fenced ? fence("json", pretty(answer.value)) : pretty(answer.value), random));
    case "json-object":
      // json_object mode only allows an object at the top.
      return content(JSON.stringify(answer.kind === "scores" ? { scores: answer.value } : answer.value));
    case "json-schema":
      return content(JSON.stringify(shapedBySchema(answer.value, schema)));
  }
}

function fence(info: string, text: string): string {
  return "```" + info + "\n" + text + "\n```";
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

const INTROS = ["Here is the answer.", "Sure! Here's what you asked for:", "Below is the result in the requested format."];
const OUTROS = ["Let me know if you want any changes.", "I hope this helps!", "I checked it against the edge cases before answering."];

function inProse(text: string, random: () => number): string {
  return `${pick(random, INTROS)}\n\n${text}\n\n${pick(random, OUTROS)}`;
}

const WHAT: Record<ScriptedAnswer["kind"], string> = {
  instruction: "a problem statement",
  response: "a solution",
  tests: "tests",
  scores: "scores on nine aspects",
  critique: "a critique of another sample",
  judgement: "a judgement of an evolved sample against its source",
  sample: "a complete sample (instruction, solution, tests)",
  note: "an answer",
};

const SHAPE: Record<ScriptedAnswer["kind"], string> = {
  instruction: '{"instruction": string}',
  response: '{"solution": string, "explanation": string}',
  tests: '{"tests": string}',
  scores: '[{"expert": aspect, "score": 1 to 5 or "N/A", "reason": string}, … nine of them]',
  critique: '{"critique": string, "issues": [string, …]}',
  judgement: '{"harder": boolean, "different": boolean, "reason": string}',
  sample: '{"instruction": string, "solution": string, "tests": string, "language": string}',
  note: '{"note": string}',
};

/** A draft that looks like the answer (for some roles it even fits the contract) and is not it. */
function draftOf(answer: ScriptedAnswer): string {
  switch (answer.kind) {
    case "instruction":
      return '{"instruction": "draft"}';
    case "response":
      return '{"solution": "draft"}';
    case "tests":
      return '{"tests": "draft"}';
    case "scores":
      return '[{"expert": "consistency", "score": 3, "reason": "draft"}]';
    case "critique":
      return '{"critique": "draft", "issues": []}';
    case "judgement":
      return '{"harder": false, "different": false, "reason": "draft"}';
    case "sample":
      return `{"instruction": "draft", "solution": "draft", "tests": "draft", "language": "${answer.language}"}`;
    case "note":
      return '{"note": "draft"}';
  }
}

/** What a reasoning model thinks before answering: prose with braces, a code sketch, a draft. */
function reasoningAbout(answer: ScriptedAnswer): string {
  const sketch = answer.reference.split("\n").slice(0, 3).join("\n");
  return [
    `The request is for ${WHAT[answer.kind]} about "${answer.title}" in ${LANGUAGE_NAMES[answer.language]}. The answer must be JSON shaped like ${SHAPE[answer.kind]}, so the braces and quotes have to be exact.`,
    `Let me sketch the code first:\n${fence(answer.language, sketch)}`,
    `A first draft: ${draftOf(answer)}`,
    'No, that draft is only a placeholder ({"ok": false} until the fields are filled in). Writing the real answer now.',
  ].join("\n\n");
}

/** The code fields' values fenced inside the JSON string, as models do when they think in markdown. */
function fencedCode(answer: ScriptedAnswer): unknown {
  const code = (text: string) => fence(answer.language, text);
  switch (answer.kind) {
    case "response":
      return { ...answer.value, solution: code(answer.value.solution) };
    case "tests":
      return { tests: code(answer.value.tests) };
    case "sample":
      return { ...answer.value, solution: code(answer.value.solution), tests: code(answer.value.tests) };
    default:
      return answer.value;
  }
}

/** Pretty JSON with a trailing comma after every last member, and on some answers single-quoted keys or a // comment. */
function nearJson(value: unknown, random: () => number): string {
  const variant = random();
  const key = variant >= 1 / 3 && variant < 2 / 3 ? (name: string) => `'${name}'` : (name: string) => JSON.stringify(name);
  const write = (item: unknown, indent: string): string => {
    const inner = `${indent}  `;
    if (Array.isArray(item))
      return item.length ? `[\n${item.map((element) => `${inner}${write(element, inner)},`).join("\n")}\n${indent}]` : "[]";
    if (item && typeof item === "object") {
      const entries = Object.entries(item);
      return entries.length
        ? `{\n${entries.map(([name, member]) => `${inner}${key(name)}: ${write(member, inner)},`).join("\n")}\n${indent}}`
        : "{}";
    }
    return JSON.stringify(item);
  };
  const lines = write(value, "").split("\n");
  if (variant >= 2 / 3) lines.splice(1, 0, "  // checked against the examples in the statement");
  const text = lines.join("\n");
  return random() < 0.5 ? fence("json", text) : text;
}

const INSTRUCTION_HEADINGS = ["## Instruction", "### Problem", "## Problem", "### Task"];

/** No JSON at all where the contract is instruction / solution / tests: headings and fenced code. */
function markdown(answer: ScriptedAnswer, random: () => number): string {
  const code = (text: string) => fence(answer.language, text);
  switch (answer.kind) {
    case "instruction":
      return `## Instruction\n\n${answer.value.instruction}\n`;
    case "response":
      return `## Solution\n\n${code(answer.value.solution)}\n\n${answer.value.explanation}\n`;
    case "tests":
      return `These tests cover the examples and the edge cases:\n\n${code(answer.value.tests)}\n`;
    case "sample":
      return `${pick(random, INSTRUCTION_HEADINGS)}\n\n${answer.value.instruction}\n\n## Solution\n\n${code(answer.value.solution)}\n\n## Tests\n\n${code(answer.value.tests)}\n`;
    default:
      // Scores and critiques have no markdown shape: models write them as JSON in prose.
      return inProse(fence("json", pretty(answer.value)), random);
  }
}

/** "Code Correctness" for code_correctness: how models name the aspects when left to themselves. */
function displayName(aspect: Aspect): string {
  return aspect
    .split("_")
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/** Values as models write them: "4/5", display names, a wrapper object, tests as lines. */
function looseValues(answer: ScriptedAnswer, random: () => number): unknown {
  const lines = (text: string) => text.split("\n");
  switch (answer.kind) {
    case "scores":
      return {
        scores: answer.value.map(({ expert, score, reason }) => ({
          expert: displayName(expert),
          score: score === "N/A" ? score : pick(random, [`${score}/5`, `${score.toFixed(1)} / 5`]),
          reason,
        })),
      };
    case "sample":
      return { ...answer.value, tests: lines(answer.value.tests), language: LANGUAGE_NAMES[answer.value.language] };
    case "tests":
      return { tests: lines(answer.value.tests) };
    default:
      return answer.value;
  }
}

const SchemaNode = z
  .object({
    type: z.unknown().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    required: z.array(z.string()).optional(),
    additionalProperties: z.unknown().optional(),
  })
  .loose();

/** What constrained decoding writes for a required property the answer lacks: some value of its type. */
function filler(schema: unknown): unknown {
  const type = SchemaNode.safeParse(schema).data?.type;
  return type === "boolean" ? true : type === "number" || type === "integer" ? 1 : type === "array" ? [] : type === "object" ? {} : "";
}

/**
 * The answer in the shape a json_schema asks, as a server with guided decoding guarantees it: an array
 * wrapped in the object's array property, undeclared keys dropped when the schema forbids them, and
 * required keys the answer lacks filled with a value of their type.
 */
function shapedBySchema(value: unknown, schema: unknown): unknown {
  const shaped = wrappedBySchema(value, schema);
  const node = SchemaNode.safeParse(schema).data;
  if (!node?.required || !shaped || typeof shaped !== "object" || Array.isArray(shaped)) return shaped;
  const missing = node.required.filter((name) => !(name in shaped));
  return missing.length ? { ...shaped, ...Object.fromEntries(missing.map((name) => [name, filler(node.properties?.[name])])) } : shaped;
}

function wrappedBySchema(value: unknown, schema: unknown): unknown {
  const node = SchemaNode.safeParse(schema).data;
  const properties = node?.properties ?? {};
  if (Array.isArray(value)) {
    const isArray = (name: string) => SchemaNode.safeParse(properties[name]).data?.type === "array";
    const holder = isArray("scores") ? "scores" : Object.keys(properties).find(isArray);
    // An object schema with no array to hold the list: guided decoding writes an object all the same.
    if (node?.type === "object") return holder ? { [holder]: value } : {};
    return value;
  }
  if (node?.additionalProperties === false && node.properties && value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([name]) => name in properties));
  }
  return value;
}
