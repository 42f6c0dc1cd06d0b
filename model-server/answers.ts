import { ASPECTS, type AgentSampleOutput, type AgentTask, type Aspect, type CritiqueOutput, type JudgeOutput } from "@/lib/llm/contracts";
import { type LlmRoleName } from "@/lib/model-roles";
import { LANGUAGES, type Language } from "@/lib/languages";
import { BANK, LANGUAGE_NAMES, PROBLEMS } from "@/model-server/bank";
import type { BankProblem } from "@/model-server/bank/types";
import { pick } from "@/lib/random";
import {
  bankProblemNamed,
  functionNamedIn,
  snippetInPrompt,
  statementFacts,
  statementFor,
  testsFor,
  type SnippetFacts,
} from "@/model-server/snippet";

/**
 * The scripted model server's answers. There is no language model here: each role gets a value
 * in the shape lib/llm/contracts.ts defines, filled from the bank of real problems, chosen by a
 * seeded generator so that the same request and seed give the same answer. What it looks like on
 * the wire (JSON, a <think> block first, markdown…) is formats.ts's business, not this file's.
 */

export interface AnswerRequest {
  role: LlmRoleName | "unknown";
  task?: AgentTask;
  language?: Language;
  /** All message text, for finding which bank problem the prompt talks about. */
  prompt: string;
  random: () => number;
  /** Share of answers whose solution is the bank's wrong one. */
  wrongRate: number;
  /** Share of elimination checks (the scorer's "judge" task) that find the evolution no harder or no different. */
  eliminateRate?: number;
  /**
   * Snippets this server has read, by language and function name: Ds1 asks for a solution to the statement it
   * wrote from a snippet, and the statement alone does not hold the code. A server started afresh
   * has forgotten them and answers such a request from the bank.
   */
  snippets?: Map<string, SnippetFacts>;
}

const CONSTRAINTS = [
  "Document the function with a short comment.",
  "Handle the edge cases the statement mentions explicitly.",
  "Keep it to a single pass over the input where possible.",
  "Do not use library functions that solve the whole problem in one call.",
  "Name things so that a beginner can follow the code.",
];

const CRITIQUES = [
  "The statement does not say what happens on empty input; the tests should pin it down.",
  "The solution is correct but could explain its invariant in a comment.",
  "Difficulty is on the low side; a constraint on time complexity would raise it.",
  "The tests cover the happy path but miss a boundary value.",
  "Variable names are terse; clearer names would help a learner.",
];

const MERITS: Record<Aspect, string[]> = {
  consistency: ["The answer solves exactly the problem asked.", "Question and answer agree on inputs and outputs."],
  relevance: ["A programming task about core data manipulation.", "Squarely about computing."],
  difficulty: ["A fair exercise for a beginner to intermediate programmer.", "Needs some care with edge cases."],
  code_exists: ["The answer is a complete, runnable function.", "Code is present and self-contained."],
  code_correctness: ["Handles the stated edge cases; no logic errors found.", "Correct on every case I traced."],
  clarity: ["Readable, with meaningful names.", "Consistent style and clear structure."],
  comments: ["A doc comment states what the function returns.", "The comment explains the intent."],
  easy_to_learn: ["Teaches a basic, reusable technique.", "Good educational value for a student."],
  total: ["A solid sample for fine-tuning.", "Worth keeping."],
};

const FAULTS: Partial<Record<Aspect, string[]>> = {
  consistency: ["The answer does not match the question on some inputs."],
  code_correctness: [
    "Traced by hand, it fails a boundary case: an off-by-one or wrong comparison.",
    "A logic error makes some outputs wrong.",
  ],
  total: ["Not fit for fine-tuning until the bug is fixed."],
};

function languageOf(request: AnswerRequest): Language {
  return request.language ?? pick(request.random, LANGUAGES);
}

/** The bank problem the prompt quotes (its solution or wrong variant), if any. */
function problemInPrompt(prompt: string, language: Language): { problem: BankProblem; wrong: boolean } | undefined {
  for (const problem of PROBLEMS) {
    const entry = BANK[language][problem.id];
    if (!entry) continue;
    if (prompt.includes(entry.wrong.trim())) return { problem, wrong: true };
    if (prompt.includes(entry.solution.trim())) return { problem, wrong: false };
  }
  // A problem statement the server wrote (an answer or tests asked for an instruction alone).
  for (const problem of PROBLEMS)
    if (BANK[language][problem.id] && prompt.includes(problem.instruction.replaceAll("{language}", LANGUAGE_NAMES[language])))
      return { problem, wrong: false };
  return undefined;
}

function statement(problem: BankProblem, language: Language, random: () => number): string {
  return `${problem.instruction.replaceAll("{language}", LANGUAGE_NAMES[language])} ${pick(random, CONSTRAINTS)}`;
}

export interface Score {
  expert: Aspect;
  score: number | "N/A";
  reason: string;
}

/** What a role answers, by the contract it follows. */
export type AnswerBody =
  | { kind: "instruction"; value: { instruction: string } }
  | { kind: "response"; value: { solution: string; explanation: string } }
  | { kind: "tests"; value: { tests: string } }
  | { kind: "scores"; value: Score[] }
  | { kind: "critique"; value: CritiqueOutput }
  | { kind: "judgement"; value: JudgeOutput }
  | { kind: "sample"; value: AgentSampleOutput }
  | { kind: "note"; value: { note: string } };

export type ScriptedAnswer = AnswerBody & {
  /** The language the answer is about, and the bank problem with its correct solution: what a model would reason over. */
  language: Language;
  title: string;
  reference: string;
};

function scores(random: () => number, wrong: boolean): Score[] {
  return ASPECTS.map((expert) => {
    const faulty = wrong && FAULTS[expert];
    const score = faulty
      ? 1 + Math.floor(random() * 2)
      : expert === "difficulty"
        ? 2 + Math.floor(random() * 3)
        : 4 + Math.floor(random() * 2);
    const reason = pick(random, faulty || MERITS[expert]);
    // The paper's scorer may answer N/A for aspects that do not apply; comments sometimes don't.
    if (expert === "comments" && random() < 0.1) return { expert, score: "N/A" as const, reason: "No comments to judge." };
    return { expert, score, reason };
  });
}

/** A scored pair whose question has fewer than four words or whose answer is one line. */
function thinPair(prompt: string): boolean {
  const match = /\[Question\]: ([\s\S]*?)\n\n\[Answer\]: ([\s\S]*)$/.exec(prompt);
  if (!match) return false;
  const words = match[1]!.trim().split(/\s+/).length;
  const lines = match[2]!.split("\n").filter((line) => line.trim()).length;
  return words < 4 || lines < 2;
}

/** The elimination check: mostly a harder, different evolution; at `rate`, one that gained nothing. */
function judgement(random: () => number, rate: number): JudgeOutput {
  if (random() >= rate)
    return { harder: true, different: true, reason: "It adds requirements the source does not have and asks a new question." };
  return random() < 0.5
    ? { harder: false, different: true, reason: "A different problem, but no harder: it needs no more reasoning than the source." }
    : { harder: true, different: false, reason: "The same problem as the source, reworded with an extra condition." };
}

/** The role's answer. The order of the random draws is part of the seed's meaning: keep it. */
export function scriptedAnswer(request: AnswerRequest): ScriptedAnswer {
  const { random } = request;
  const language = languageOf(request);
  // A thin pair (an imported instruction set has some: a one-line answer, a question of a few
  // words) is what a real scorer rates low, whatever the rest: the seed stage drops it.
  if (request.role === "scorer" && request.task !== "judge" && thinPair(request.prompt))
    return { language, title: "a thin pair", reference: "", kind: "scores", value: scores(random, true) };
  const quoted = problemInPrompt(request.prompt, language);
  // The elimination check answers the same whatever the samples are about (snippet or bank).
  if (request.role === "scorer" && request.task === "judge") {
    const problem = quoted?.problem ?? pick(random, PROBLEMS);
    const about = { language, title: problem.title, reference: BANK[language][problem.id]?.solution ?? "" };
    return { ...about, kind: "judgement", value: judgement(random, request.eliminateRate ?? 0) };
  }
  if (!quoted) {
    const fromSnippet = snippetAnswer(request, language);
    if (fromSnippet) return fromSnippet;
  }
  const problem = quoted?.problem ?? pick(random, PROBLEMS);
  const entry = BANK[language][problem.id]!;
  const wrongSolution = random() < request.wrongRate;
  const solution = wrongSolution ? entry.wrong : entry.solution;
  const about = { language, title: problem.title, reference: entry.solution };

  switch (request.role) {
    case "instruction_generator":
      return { ...about, kind: "instruction", value: { instruction: statement(problem, language, random) } };
    case "response_generator":
    // The model being trained answers as the response generator does (wrong at the wrong rate): DPO samples it.
    case "policy":
      return {
        ...about,
        kind: "response",
        value: { solution, explanation: `Solves "${problem.title}" directly; see the comment in the code.` },
      };
    case "test_writer":
      return { ...about, kind: "tests", value: { tests: entry.tests } };
    case "scorer":
      return { ...about, kind: "scores", value: scores(random, quoted?.wrong ?? false) };
    case "agent":
      if (request.task === "critique") {
        const issues = [pick(random, CRITIQUES), pick(random, CRITIQUES)].filter((issue, i, all) => all.indexOf(issue) === i);
        return { ...about, kind: "critique", value: { critique: issues.join(" "), issues } };
      }
      // A correction answers failing tests: it returns the bank's correct solution.
      return {
        ...about,
        kind: "sample",
        value: {
          instruction: statement(problem, language, random),
          solution: request.task === "correct" ? entry.solution : solution,
          tests: entry.tests,
          language,
        },
      };
    default:
      return {
        ...about,
        kind: "note",
        value: { note: "Scripted model server (no language model inside): set the x-rosetta-role header to get a role's answer." },
      };
  }
}

/**
 * An answer derived from the snippet the prompt quotes (or, for Ds1's solution, from the statement
 * this server wrote about one), when the bank has no problem of that function's name: the
 * statement names the function, its signature and what its doc comment says; the solution is the
 * snippet's code; tests come from its examples. An agent asked for another language than the
 * snippet's cannot translate code without a model, so it falls back to the bank (undefined).
 */
/** Languages whose snippet, as written, runs on its own against tests made from its examples. */
const WHOLE_PROGRAMS = new Set<Language>(["python", "javascript"]);

const snippetKey = (language: Language, name: string) => `${language}:${name}`;

function snippetAnswer(request: AnswerRequest, language: Language): ScriptedAnswer | undefined {
  const { random, snippets } = request;
  const named = functionNamedIn(request.prompt);
  // By language and name: HumanEval-X has the same function in six languages, and Ds1's solution
  // must be the snippet of the language asked for, never its namesake in another.
  const remembered = named ? snippets?.get(snippetKey(language, named)) : undefined;
  // The independent test writer is shown the function's interface, never its code: it tests what
  // the server read of the snippet before, or else what the statement says (name and examples).
  const writingTests = request.role === "test_writer";
  const quoted =
    writingTests && remembered ? null : snippetInPrompt(request.prompt, language, request.role === "agent" ? language : undefined);
  const facts = writingTests ? (remembered ?? statementFacts(request.prompt, language, quoted)) : (quoted ?? remembered);
  if (!facts || bankProblemNamed(facts.name, facts.language)) return undefined;
  if (quoted && !writingTests) snippets?.set(snippetKey(quoted.language, quoted.name), quoted);
  const about = { language, title: facts.name, reference: facts.code };
  switch (request.role) {
    case "instruction_generator":
      return { ...about, kind: "instruction", value: { instruction: statementFor(facts, language, pick(random, CONSTRAINTS)) } };
    case "response_generator":
    case "policy":
      return {
        ...about,
        kind: "response",
        value: { solution: facts.code, explanation: `\`${facts.name}\` as the snippet writes it: ${facts.purpose || "see the code"}` },
      };
    case "test_writer":
      return { ...about, kind: "tests", value: { tests: testsFor(facts, language) } };
    case "scorer": {
      // The snippet's own code is right, so a weak pair is the scorer's call: at the wrong rate it
      // finds the faults a real scorer finds in some seeds (and the seed stage drops them).
      const weak = random() < request.wrongRate;
      return {
        ...about,
        kind: "scores",
        value: scores(random, weak).map((score) => ({ ...score, reason: `\`${facts.name}\`: ${score.reason}` })),
      };
    }
    case "agent":
      if (request.task === "critique") {
        const issues = [pick(random, CRITIQUES), pick(random, CRITIQUES)]
          .filter((issue, i, all) => all.indexOf(issue) === i)
          .map((issue) => `\`${facts.name}\`: ${issue}`);
        return { ...about, kind: "critique", value: { critique: issues.join(" "), issues } };
      }
      // A snippet in a compiled language is rarely a whole program (HumanEval-X's Go leaves out its
      // imports, its Rust imports crates rustc lacks), and a correction must pass: those come from the bank.
      if (facts.language !== language || !WHOLE_PROGRAMS.has(language) || request.task === "correct") return undefined;
      return {
        ...about,
        kind: "sample",
        value: {
          instruction: statementFor(facts, language, pick(random, CONSTRAINTS)),
          solution: facts.code,
          tests: testsFor(facts, language),
          language,
        },
      };
    default:
      return undefined;
  }
}
