import { z } from "zod";
import { Language } from "@/lib/languages";
import { readScore } from "@/lib/llm/parse/score";

/**
 * What each LLM role is asked and must answer, shared by the gateway (which validates answers),
 * the synthesis engine (which builds the prompts) and the scripted model server (which fakes the
 * answers). Roles and tasks also travel as request headers: real servers ignore them, the
 * scripted server reads them instead of guessing from the prompt.
 */

/** What an agent is asked to do in a discussion (a one-call discussion is a single "propose"); "judge" is the scorer's elimination check. */
export const AGENT_TASKS = ["propose", "critique", "revise", "final", "correct", "judge"] as const;
export const AgentTask = z.enum(AGENT_TASKS);
export type AgentTask = z.infer<typeof AgentTask>;

export const ROLE_HEADER = "x-rosetta-role";
export const TASK_HEADER = "x-rosetta-task";
export const LANGUAGE_HEADER = "x-rosetta-language";

/** The nine "experts" of the paper's scorer (Fig. 4), in its order. */
export const ASPECTS = [
  "consistency",
  "relevance",
  "difficulty",
  "code_exists",
  "code_correctness",
  "clarity",
  "comments",
  "easy_to_learn",
  "total",
] as const;
export const Aspect = z.enum(ASPECTS);
export type Aspect = z.infer<typeof Aspect>;

/**
 * 1.0 (very bad) … 5.0 (very good), or N/A (null). The answer parser (lib/llm/parse) brings the
 * spellings models use ("4/5", "N/A") to this before validating; the same reader runs here so that
 * scores read outside the parser (stored seed scores, fixtures) are held to the same rule.
 */
const Score = z.preprocess(readScore, z.number().min(1).max(5).nullable());

export const AspectScore = z.object({ expert: Aspect, score: Score, reason: z.string().min(1) });
export type AspectScore = z.infer<typeof AspectScore>;

/** The scorer's answer: every aspect exactly once. */
export const ScorerOutput = z
  .array(AspectScore)
  .length(ASPECTS.length)
  .superRefine((scores, ctx) => {
    const seen = scores.map((s) => s.expert);
    const missing = ASPECTS.filter((aspect) => !seen.includes(aspect));
    const repeated = ASPECTS.filter((aspect) => seen.indexOf(aspect) !== seen.lastIndexOf(aspect));
    if (missing.length)
      ctx.addIssue({
        code: "custom",
        message: `aspects missing: ${missing.join(", ")} (every one of the nine aspects is scored exactly once)`,
      });
    if (repeated.length) ctx.addIssue({ code: "custom", message: `aspects scored more than once: ${repeated.join(", ")}` });
  });
export type ScorerOutput = z.infer<typeof ScorerOutput>;

/** Instruction generator: a problem statement (from a snippet, Ds1; or for a given answer, Ds2). */
export const InstructionOutput = z.object({ instruction: z.string().min(1) });
/** Response generator: a solution (to an instruction, Ds1; or answer-first from a snippet, Ds2). */
export const ResponseOutput = z.object({ solution: z.string().min(1), explanation: z.string().optional() });
/** Test writer: tests for a solution, in the language's harness convention. */
export const TestWriterOutput = z.object({ tests: z.string().min(1) });
/** Agent propose / revise / final / correct: a whole new sample for the target language. */
export const AgentSampleOutput = z.object({
  instruction: z.string().min(1),
  solution: z.string().min(1),
  tests: z.string().min(1),
  language: Language,
});
/** Agent critique (debate): what is wrong or weak in another agent's sample. */
export const CritiqueOutput = z.object({ critique: z.string().min(1), issues: z.array(z.string()) });

/** Scorer, elimination: is the evolved sample harder than its source, and a different problem? */
export const JudgeOutput = z.object({ harder: z.boolean(), different: z.boolean(), reason: z.string().min(1) });

export type InstructionOutput = z.infer<typeof InstructionOutput>;
export type ResponseOutput = z.infer<typeof ResponseOutput>;
export type TestWriterOutput = z.infer<typeof TestWriterOutput>;
export type AgentSampleOutput = z.infer<typeof AgentSampleOutput>;
export type CritiqueOutput = z.infer<typeof CritiqueOutput>;
export type JudgeOutput = z.infer<typeof JudgeOutput>;
