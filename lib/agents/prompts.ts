import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { ASPECTS } from "@/lib/llm/contracts";
import { LANGUAGE_NAMES, type Language } from "@/lib/languages";
import { defaultAgentProfile } from "@/lib/synthesis/personas";

/**
 * Every prompt the pipeline sends. The generation prompt follows the paper's Fig. 3 (System,
 * Memory, Guidelines, Reflection, Goal, Communication) and the scorer its Fig. 4; the prompts the
 * paper does not give (seed generators, debate turns) are ours, in the same voice. Each asks for
 * the JSON of lib/llm/contracts.ts and nothing else.
 */

export type Messages = ChatCompletionMessageParam[];

/** A prompt as one text, as a discussion shows its PROMPT turns: each message under its role. */
export function promptText(messages: Messages): string {
  return messages
    .map((message) => `[${message.role}]\n${typeof message.content === "string" ? message.content : JSON.stringify(message.content)}`)
    .join("\n\n");
}

export interface PromptSample {
  language: string;
  instruction: string;
  solution: string;
  tests?: string;
}

export interface MemoryEntry extends PromptSample {
  /** The reflection as formatReflection() writes it: merits and faults. */
  reflection: string;
}

export interface AgentPersona {
  language: string;
  profile: string;
  evolutionOperations: readonly string[];
}

export function languageName(language: string): string {
  return LANGUAGE_NAMES[language as Language] ?? language;
}

const fence = (language: string, code: string) => `\`\`\`${language}\n${code.trim()}\n\`\`\``;
const JSON_ONLY = "Answer with only the JSON object, no prose before or after it.";

/** The agent's System block, built in (a project may set its own per language: lib/synthesis/personas.ts). */
export const agentProfile = defaultAgentProfile;

// ───────────── stage 1: seed pairs ─────────────

/** Ds1, step 1: an instruction from a snippet. */
export function ds1InstructionPrompt({ code, language }: { code: string; language: string }): Messages {
  return [
    { role: "system", content: "You write clear, self-contained programming problems for training code models." },
    {
      role: "user",
      content: `Here is a ${languageName(language)} code snippet:\n${fence(language, code)}\n\nWrite a programming problem (an instruction) that this code, or code like it, would solve. The problem must be self-contained: state the function to write, its inputs and outputs, and the edge cases. Ask for a ${languageName(language)} solution.\n${JSON_ONLY} Format: {"instruction": "..."}`,
    },
  ];
}

/** Ds1, step 2: the response role answers the instruction. */
export function ds1ResponsePrompt({ instruction, language }: { instruction: string; language: string }): Messages {
  return [
    { role: "system", content: `You are an expert ${languageName(language)} programmer.` },
    {
      role: "user",
      content: `Solve this problem in ${languageName(language)}:\n\n${instruction}\n\nGive complete, runnable code with a short comment.\n${JSON_ONLY} Format: {"solution": "<code>", "explanation": "<one paragraph>"}`,
    },
  ];
}

/** Ds2, step 1: an answer first, from the snippet. */
export function ds2ResponsePrompt({ code, language }: { code: string; language: string }): Messages {
  return [
    { role: "system", content: `You are an expert ${languageName(language)} programmer.` },
    {
      role: "user",
      content: `Here is a ${languageName(language)} code snippet:\n${fence(language, code)}\n\nWrite a clean, complete, self-contained ${languageName(language)} function inspired by it, as the answer to a programming exercise, with a short comment.\n${JSON_ONLY} Format: {"solution": "<code>", "explanation": "<one paragraph>"}`,
    },
  ];
}

/** Ds2, step 2: the instruction that the answer solves. */
export function ds2InstructionPrompt({ solution, language }: { solution: string; language: string }): Messages {
  return [
    { role: "system", content: "You write clear, self-contained programming problems for training code models." },
    {
      role: "user",
      content: `Here is the answer to a programming exercise, in ${languageName(language)}:\n${fence(language, solution)}\n\nWrite the exercise's instruction: a self-contained problem statement that this code solves exactly (function, inputs, outputs, edge cases), asking for a ${languageName(language)} solution.\n${JSON_ONLY} Format: {"instruction": "..."}`,
    },
  ];
}

// ───────────── the scorer (Fig. 4) ─────────────

const ASPECT_QUESTIONS: Record<(typeof ASPECTS)[number], string> = {
  consistency: "Question & Answer Consistency: are the question and the answer consistent and correct enough for fine-tuning?",
  relevance: "Question & Answer Relevance: is it about computing?",
  difficulty: "Question & Answer Difficulty: is it challenging enough?",
  code_exists: "Code Exist: is there code in the question or the answer?",
  code_correctness: "Code Correctness: is the code free of syntax and logic errors, with good naming, indentation and best practices?",
  clarity: "Code Clarity: is it readable, with meaningful names, comments and a consistent style?",
  comments: "Code Comments: are comments present and useful?",
  easy_to_learn: "Easy to Learn: is it of educational value to a student learning basic concepts?",
  total: "Total Score: an overall rating of the sample.",
};

export function scorerPrompt({ instruction, solution }: { instruction: string; solution: string }): Messages {
  const experts = ASPECTS.map((aspect, i) => `${i + 1}. "${aspect}": ${ASPECT_QUESTIONS[aspect]}`).join("\n");
  return [
    {
      role: "system",
      content: "You are a code expert. Evaluate the given data against specific criteria and return a JSON list of scores.",
    },
    {
      role: "user",
      content: `Score the sample below as each of these experts, as strictly as possible, pointing out errors:\n${experts}\n\nScale: 1.0 very bad, 2.0 bad, 3.0 neutral, 4.0 good, 5.0 very good, or "N/A" when the aspect does not apply.\nReturn only a JSON list with one entry per expert, in this order: [{"expert": "<name>", "score": <1.0-5.0 or "N/A">, "reason": "<why>"}]\n\n[Question]: ${instruction}\n\n[Answer]: ${solution}`,
    },
  ];
}

// ───────────── stage 5: discussions (Fig. 3) ─────────────

export type PromptBlock = "System" | "Memory" | "Guidelines" | "Reflection" | "Goal" | "Communication";

function sampleText(sample: PromptSample): string {
  const tests = sample.tests ? `\nTests:\n${fence(sample.language, sample.tests)}` : "";
  return `Problem (${languageName(sample.language)}): ${sample.instruction.trim()}\nSolution:\n${fence(sample.language, sample.solution)}${tests}`;
}

const OUTPUT_FORMAT = (targetLanguage: string) =>
  `Answer with only a JSON object: {"instruction": "<the new problem, stating that it is for ${languageName(targetLanguage)}>", "solution": "<complete ${languageName(targetLanguage)} code>", "tests": "<${languageName(targetLanguage)} tests that check the solution and make the program fail when it is wrong: ${TEST_CONVENTIONS[targetLanguage] ?? "assertions"}>", "language": "${targetLanguage}"}`;

/**
 * The generation prompt of a discussion. Centralized: the first contribution is the main agent's
 * and the new problem is mainly based on it; parallel: every contribution counts the same.
 */
export function discussionPrompt({
  agent,
  memory,
  mode,
  contributions,
  targetLanguage,
  operation = null,
}: {
  agent: AgentPersona;
  memory: readonly MemoryEntry[];
  mode: "CENTRALIZED" | "PARALLEL";
  /** One sample per participant, picked at random from its memory; the main agent's first. */
  contributions: readonly (PromptSample & { agentLabel: string })[];
  targetLanguage: string;
  /** The one evolution operation the discussion sampled (Evol-Instruct); null: every operation of the agent, each where it fits. */
  operation?: string | null;
}): { messages: Messages; blocks: Record<PromptBlock, string> } {
  const evolve = operation
    ? [`2. Evolve the problem with this operation: ${operation}.`]
    : agent.evolutionOperations.map((op, i) => `${i + 2}. Where it fits, ${op}.`);
  const blocks: Record<PromptBlock, string> = {
    System: agent.profile,
    Memory: memory.length
      ? `Here are the algorithmic problems and solutions you generated before:\n${memory.map((item, i) => `Sample ${i + 1}:\n${sampleText(item)}`).join("\n\n")}`
      : "You have not generated anything yet.",
    Guidelines: [
      "1. Create a new problem from the problems given in [Communication].",
      ...evolve,
      `${evolve.length + 2}. Do not produce a problem similar to the original problems.`,
      `${evolve.length + 3}. Do not repeat any problem already in [Memory]; produce a more novel problem given that history.`,
    ].join("\n"),
    Reflection: memory.length
      ? `Here are the merits and faults of each sample in [Memory]:\n${memory.map((item, i) => `Sample ${i + 1}: ${item.reflection}`).join("\n")}`
      : "No reflections yet.",
    Goal: `Rewrite the problem so that it specifies the programming language ${languageName(targetLanguage)} (${targetLanguage}). The new problem must meet the requirements above compared with the given problems. Write its solution and its tests in ${languageName(targetLanguage)}.`,
    Communication:
      mode === "CENTRALIZED"
        ? `The new problem is mainly based on the main agent's sample; the other agents' samples are material to draw on.\n${contributions.map((c, i) => `${i === 0 ? `${c.agentLabel} (main agent)` : c.agentLabel}:\n${sampleText(c)}`).join("\n\n")}`
        : `All agents' samples count the same; combine their ideas.\n${contributions.map((c) => `${c.agentLabel}:\n${sampleText(c)}`).join("\n\n")}`,
  };
  const user = (["Memory", "Guidelines", "Reflection", "Goal", "Communication"] as const)
    .map((block) => `[${block}]\n${blocks[block]}`)
    .join("\n\n");
  return {
    messages: [
      { role: "system", content: blocks.System },
      { role: "user", content: `${user}\n\n[Created Prompt]\n${OUTPUT_FORMAT(targetLanguage)}` },
    ],
    blocks,
  };
}

/**
 * Elimination (Evol-Instruct's "failed evolution"): the scorer compares the evolved sample with the
 * sample it was evolved from and says whether it is harder and whether it is a different problem.
 */
export function judgePrompt({
  source,
  evolved,
  operation,
}: {
  source: PromptSample;
  evolved: PromptSample;
  operation: string | null;
}): Messages {
  const asked = operation ? `The evolution asked for was: ${operation}.\n\n` : "";
  return [
    { role: "system", content: "You are a code expert who judges whether a rewritten programming problem improved on its source." },
    {
      role: "user",
      content: `A programming problem was evolved into a new one for a code instruction dataset. ${asked}[Source]\n${sampleText(source)}\n\n[Evolved]\n${sampleText(evolved)}\n\nJudge the evolved sample against the source, strictly: is it harder (more reasoning, tighter requirements, more constraints or steps)? Is it a different problem, not the same one reworded or merely translated into another language? An evolution that gains nothing is a failed one.\n${JSON_ONLY} Format: {"harder": true|false, "different": true|false, "reason": "<one or two sentences>"}`,
    },
  ];
}

/** Debate: another agent critiques the current draft. */
export function critiquePrompt({ critic, draft }: { critic: AgentPersona; draft: PromptSample }): Messages {
  return [
    { role: "system", content: critic.profile },
    {
      role: "user",
      content: `Another agent drafted this sample for a code instruction dataset:\n${sampleText(draft)}\n\nCritique it as strictly as you can: is the problem clear and self-contained, is the solution correct and idiomatic ${languageName(draft.language)}, do the tests really check it, is it novel and hard enough?\n${JSON_ONLY} Format: {"critique": "<one paragraph>", "issues": ["<a specific issue>", ...]}`,
    },
  ];
}

/** Debate: the author revises its draft after the critiques (the last round is the final answer). */
export function revisePrompt({
  author,
  draft,
  critiques,
  final,
}: {
  author: AgentPersona;
  draft: PromptSample;
  critiques: readonly string[];
  final: boolean;
}): Messages {
  return [
    { role: "system", content: author.profile },
    {
      role: "user",
      content: `Your draft:\n${sampleText(draft)}\n\nThe other agents' critiques:\n${critiques.map((c, i) => `${i + 1}. ${c}`).join("\n")}\n\n${final ? "Write the final version: address every critique that is right, keep what is good." : "Revise the draft: address every critique that is right, keep what is good."}\n${OUTPUT_FORMAT(draft.language)}`,
    },
  ];
}

// ───────────── verification: self-correction, and the test writer (Ds4) ─────────────

/** How each language's tests are run (lib/sandbox/languages.ts), told to whoever writes tests. */
export const TEST_CONVENTIONS: Record<string, string> = {
  python: "plain `assert` statements at top level, appended to the solution",
  javascript: "`console.assert(...)` or throwing on a mismatch, appended to the solution",
  typescript: "`console.assert(...)` or throwing on a mismatch, appended to the solution; the whole program must type-check",
  java: "a `public class Main` with `main` that checks results and throws (run with `java -ea`); the solution is a non-public class in the same file",
  cpp: "a `main()` with `assert(...)`, appended to the solution",
  csharp: "a class with `static void Main` that calls `Environment.Exit(1)` on a wrong result",
  php: "checks that `exit(1)` on a wrong result, appended to the solution",
  bash: "checks that `exit 1` on a wrong result, appended to the solution",
  go: "a separate `main_test.go` file in `package main` with `func TestX(t *testing.T)` functions, run with `go test`",
  rust: "a `#[cfg(test)] mod tests` with `#[test]` functions, appended to the solution and run with `rustc --test`",
};

/** Self-correction: the author sees how its code failed its tests and revises. */
export function correctionPrompt({
  author,
  draft,
  failure,
}: {
  author: AgentPersona;
  draft: PromptSample;
  failure: { status: string; reason: string; output: string };
}): Messages {
  return [
    { role: "system", content: author.profile },
    {
      role: "user",
      content: `Your sample:\n${sampleText(draft)}\n\nIt was run against its tests in a sandbox and the verdict is ${failure.status}: ${failure.reason}\n${failure.output ? `Output (last part):\n${fence("text", failure.output)}\n` : ""}\nFind the cause and fix it. If the solution is wrong, fix the solution; if a test is wrong, fix the test; keep the problem the same unless it is itself contradictory. Tests follow this convention: ${TEST_CONVENTIONS[draft.language] ?? "assertions that make the program fail"}.\n${OUTPUT_FORMAT(draft.language)}`,
    },
  ];
}

/** DPO (Ds4): the test writer writes tests for a query, given one solution for its interface only. */
export function testWriterPrompt({
  instruction,
  reference,
  language,
}: {
  instruction: string;
  reference: string;
  language: string;
}): Messages {
  return [
    { role: "system", content: `You write thorough, correct ${languageName(language)} tests for programming problems.` },
    {
      role: "user",
      content: `Problem:\n${instruction}\n\nOne candidate solution, to show the expected interface (it may be wrong; test the problem, not this code):\n${fence(language, reference)}\n\nWrite tests that pass for every correct solution and fail for wrong ones: cover the edge cases. Convention: ${TEST_CONVENTIONS[language] ?? "assertions that make the program fail"}. Give only the tests, not a solution.\n${JSON_ONLY} Format: {"tests": "<code>"}`,
    },
  ];
}

/**
 * The independent check (the SOLVE stage): tests from the problem and the solution's interface
 * (signatures, no bodies: lib/quality/interface.ts) only, so that they check the problem as stated
 * and not one solution's reading of it.
 */
export function independentTestsPrompt({
  instruction,
  interface: signature,
  language,
}: {
  instruction: string;
  interface: string;
  language: string;
}): Messages {
  const shown = signature.trim()
    ? `The solution will have this interface (declarations only; the bodies are not shown):\n${fence(language, signature)}\n\n`
    : "";
  return [
    { role: "system", content: `You write thorough, correct ${languageName(language)} tests for programming problems.` },
    {
      role: "user",
      content: `Problem:\n${instruction}\n\n${shown}Write tests that pass for every correct solution and fail for wrong ones: check the results the problem states and cover its edge cases. Convention: ${TEST_CONVENTIONS[language] ?? "assertions that make the program fail"}. Give only the tests, not a solution.\n${JSON_ONLY} Format: {"tests": "<code>"}`,
    },
  ];
}
