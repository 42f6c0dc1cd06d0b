import { z } from "zod";
import {
  AgentSampleOutput,
  ASPECTS,
  CritiqueOutput,
  InstructionOutput,
  JudgeOutput,
  ResponseOutput,
  ScorerOutput,
  TestWriterOutput,
} from "@/lib/llm/contracts";
import { type Language } from "@/lib/languages";
import { isRecord, pickFields, unwrapObject, type FieldAliases } from "@/lib/llm/parse/keys";
import { languageOf, readLanguage } from "@/lib/llm/parse/language";
import { plainJsonSchema } from "@/lib/llm/parse/json-schema";
import { readMarkdownSample, type MarkdownSample } from "@/lib/llm/parse/markdown";
import { normalizeScores } from "@/lib/llm/parse/scorer";
import { readCode, readIssues, readOptionalText, readText } from "@/lib/llm/parse/text";
import type { AnswerContext, Contract } from "@/lib/llm/parse/types";

/** Other names models give each field, most likely first (matched ignoring case and punctuation). */
const ALIASES = {
  instruction: [
    "problem",
    "problem_statement",
    "question",
    "task",
    "prompt",
    "instructions",
    "task_description",
    "problem_description",
    "exercise",
  ],
  solution: [
    "code",
    "answer",
    "response",
    "program",
    "implementation",
    "solution_code",
    "source_code",
    "reference_solution",
    "code_solution",
  ],
  tests: ["test", "test_cases", "unit_tests", "test_code", "test_suite", "unit_test", "test_case"],
  language: ["lang", "programming_language", "target_language"],
  explanation: ["rationale", "reasoning", "notes", "approach"],
  critique: ["feedback", "review", "comment", "comments", "summary", "assessment", "evaluation", "analysis"],
  issues: ["problems", "weaknesses", "suggestions", "concerns", "flaws", "improvements", "issue_list"],
  harder: ["is_harder", "more_difficult", "harder_than_source"],
  different: ["is_different", "novel", "different_from_source"],
  reason: ["rationale", "explanation", "why", "justification"],
} as const satisfies FieldAliases;

type Field = keyof typeof ALIASES;
type Reader = (value: unknown, context: AnswerContext) => unknown;

const READERS: Record<Field, Reader> = {
  instruction: readText,
  solution: readCode,
  tests: readCode,
  language: (value, context) => readLanguage(value, context.language),
  explanation: readOptionalText,
  critique: readText,
  issues: readIssues,
  harder: readVerdict,
  different: readVerdict,
  reason: readText,
};

/** A yes/no verdict as models write it: true, "yes", "True", "no"… (anything else stays, to be refused). */
function readVerdict(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  return ["true", "yes", "y"].includes(word) ? true : ["false", "no", "n"].includes(word) ? false : value;
}

/** Brings an object answer to the canonical shape: unwrapped, fields under their own names, values read. */
function normalizeObject(fields: readonly Field[]) {
  const aliases = Object.fromEntries(fields.map((field) => [field, ALIASES[field]]));
  return (data: unknown, context: AnswerContext): unknown => {
    const object = unwrapObject(data, aliases);
    if (!isRecord(object)) return object;
    const picked = pickFields(object, aliases);
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const value = READERS[field](picked[field], context);
      if (value !== undefined) out[field] = value;
    }
    return out;
  };
}

/** Fence labels that say nothing about the language. */
const NEUTRAL_LABELS = new Set(["", "text", "txt", "plain", "plaintext", "code", "console", "output", "terminal"]);

/** A sample's language from the markdown: a "Language:" section, else the solution's fence label; with neither, the normaliser gives it the language asked for. */
function markdownLanguage(sample: MarkdownSample, label: string | undefined): string | undefined {
  if (sample.language) return sample.language;
  if (label === undefined || NEUTRAL_LABELS.has(label)) return undefined;
  return languageOf(label) ?? label; // an unknown label is kept, to be refused, not replaced by the context
}

const onlyBlock = (sample: MarkdownSample) => (sample.codeBlocks.length === 1 ? sample.codeBlocks[0]!.content : undefined);

/**
 * An answer written as plain prose, without the chat filler around it ("Sure! Here is my
 * review:" before, "Let me know if…" after); undefined for a refusal, and when it holds anything
 * but prose (JSON, headings), which the other readers own.
 */
function prose(answer: string): string | undefined {
  const lines = answer.trim().split("\n");
  if (lines.some((line) => /^\s*[{[]/.test(line) || /^\s*#{1,6}\s/.test(line))) return undefined;
  if (/^(i('m| am) sorry|sorry|i can(not|'t)|i'm unable|i am unable|as an ai|unfortunately)\b/i.test(lines[0]!.trim())) return undefined; // a refusal is no answer
  if (
    lines.length > 1 &&
    /^(sure|certainly|of course|okay|ok|absolutely|here(?:'s| is| are)|below is)\b.*[:.!]\s*$/i.test(lines[0]!.trim())
  )
    lines.shift();
  if (lines.length > 1 && /^(let me know|i hope|hope this|feel free)\b/i.test(lines.at(-1)!.trim())) lines.pop();
  const text = lines.join("\n").trim();
  return text.length >= 20 ? text : undefined;
}

const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+(.+)$/;

const markdown = {
  /**
   * Under a heading only: prose alone is too often not a problem statement at all (a refusal, a
   * remark on the snippet) to be taken as one without the model saying so.
   */
  instruction(answer: string): unknown {
    const sample = readMarkdownSample(answer);
    return sample.instruction === undefined ? undefined : { instruction: sample.instruction };
  },
  /** A critique in prose: the text is the critique, its bullet points the issues. */
  critique(answer: string): unknown {
    const text = prose(answer);
    if (text === undefined) return undefined;
    const issues = text.split("\n").flatMap((line) => BULLET.exec(line)?.[1]?.trim() ?? []);
    return { critique: text, issues };
  },
  /** Under a heading, else the only code block of the answer (whatever heading it sits under). */
  response(answer: string): unknown {
    const sample = readMarkdownSample(answer);
    const solution = sample.solution ?? onlyBlock(sample);
    return solution === undefined && sample.explanation === undefined ? undefined : { solution, explanation: sample.explanation };
  },
  tests(answer: string): unknown {
    const sample = readMarkdownSample(answer);
    const tests = sample.tests ?? onlyBlock(sample);
    return tests === undefined ? undefined : { tests };
  },
  /** Under headings, or prose then exactly two code blocks: instruction, solution, tests. */
  agentSample(answer: string): unknown {
    const sample = readMarkdownSample(answer);
    if (sample.headed) {
      const { instruction, solution, tests } = sample;
      return { instruction, solution, tests, language: markdownLanguage(sample, sample.solutionLabel) };
    }
    const [solution, tests, ...more] = sample.codeBlocks;
    if (!solution || !tests || more.length || !sample.preamble) return undefined;
    return {
      instruction: sample.preamble,
      solution: solution.content,
      tests: tests.content,
      language: markdownLanguage(sample, solution.label),
    };
  },
};

function contract<T>(spec: Omit<Contract<T>, "jsonSchema"> & { wire?: z.ZodType }): Contract<T> {
  const { wire, ...rest } = spec;
  return { ...rest, jsonSchema: plainJsonSchema(wire ?? spec.schema) };
}

const json = (value: unknown) => JSON.stringify(value);
const EXAMPLE = {
  instruction:
    "Write a function `is_palindrome(s)` that returns true when the string s reads the same forwards and backwards, ignoring case.",
  solution: "def is_palindrome(s):\n    s = s.lower()\n    return s == s[::-1]",
  tests: 'assert is_palindrome("Level")\nassert not is_palindrome("abc")',
};

export const CONTRACTS = {
  instruction: contract({
    name: "instruction",
    schema: InstructionOutput,
    example: json({ instruction: EXAMPLE.instruction }),
    normalize: normalizeObject(["instruction"]),
    fromMarkdown: markdown.instruction,
  }),
  response: contract({
    name: "response",
    schema: ResponseOutput,
    example: json({ solution: EXAMPLE.solution, explanation: "Compare the lowercased string with its reverse." }),
    normalize: normalizeObject(["solution", "explanation"]),
    fromMarkdown: markdown.response,
  }),
  tests: contract({
    name: "tests",
    schema: TestWriterOutput,
    example: json({ tests: EXAMPLE.tests }),
    normalize: normalizeObject(["tests"]),
    fromMarkdown: markdown.tests,
  }),
  agentSample: contract({
    name: "agent_sample",
    schema: AgentSampleOutput,
    example: json({ ...EXAMPLE, language: "python" satisfies Language }),
    normalize: normalizeObject(["instruction", "solution", "tests", "language"]),
    fromMarkdown: markdown.agentSample,
  }),
  critique: contract({
    name: "critique",
    schema: CritiqueOutput,
    example: json({
      critique: "The solution is correct, but the tests miss the empty string.",
      issues: ['No test for is_palindrome("").'],
    }),
    normalize: normalizeObject(["critique", "issues"]),
    fromMarkdown: markdown.critique,
  }),
  judge: contract({
    name: "judge",
    schema: JudgeOutput,
    example: json({
      harder: true,
      different: true,
      reason: "It adds a time bound and a second input, so it asks for more than the source.",
    }),
    normalize: normalizeObject(["harder", "different", "reason"]),
  }),
  scores: contract({
    name: "scores",
    schema: ScorerOutput,
    // OpenAI's response_format wants an object at the top; the normaliser unwraps it.
    wire: z.object({ scores: ScorerOutput }),
    wireKey: "scores",
    example: json({
      scores: ASPECTS.map((expert) => ({
        expert,
        score: expert === "comments" ? null : 4,
        reason: expert === "comments" ? "N/A: the sample has no comments to judge." : `Why ${expert} earns a 4.`,
      })),
    }),
    normalize: normalizeScores,
  }),
} as const;
