import { z } from "zod";

/**
 * The evaluation loop's shared shapes (issue 19): what a model scored on a suite, per language.
 * The engine (lib/eval/*: suites, answer extraction, harnesses, pass@k, the eval jobs), the CLI
 * (`rosetta eval`) and the studio's Evaluations page all speak these. Stored in eval_runs and
 * eval_results (prisma/schema.prisma).
 */

/** The bundled suites (data/benchmarks/, the same bundle decontamination checks against). */
export const BUNDLED_SUITES = ["humaneval", "mbxp", "humaneval-x"] as const;
export type BundledSuite = (typeof BUNDLED_SUITES)[number];

/** One problem as a model is asked it and as its harness runs it. */
export interface EvalProblem {
  /** "humaneval" | "mbxp" | "humaneval-x" | "benchmark:<id>". */
  suite: string;
  taskId: string;
  /** Rosetta's language name (lib/languages.ts). */
  language: string;
  /** What the model completes: a signature with its doc comment (the benchmark's prompt). */
  prompt: string;
  /** The benchmark's tests, run after the prompt and the model's code. */
  tests: string;
  entryPoint?: string;
  /** The benchmark's canonical solution, when it has one (used to find broken problems, never shown to a model). */
  canonical?: string;
}

/** Per language, once its answers are settled. pass@k only when k > 1 (the unbiased estimator). */
export interface LanguageScore {
  /** Problems scored (excluded ones not counted). */
  problems: number;
  /** Answers run (problems × k). */
  samples: number;
  passed: number;
  /** Problems left out: their canonical solution fails their own tests (data/benchmarks lists them with the reason). */
  excluded: number;
  "pass@1": number;
  k?: number;
  "pass@k"?: number;
}
export type EvalSummary = Record<string, LanguageScore>;

/** The last stdout line of `rosetta eval` (a fixed interface: checks parse it). */
export interface EvalCliResult {
  benchmark: string;
  model: string;
  languages: Record<string, { problems: number; "pass@1": number } & Partial<LanguageScore>>;
}

/** Starting an evaluation (studio form, API, CLI). */
export const StartEvalInput = z.object({
  label: z.string().trim().min(1).max(120).optional(),
  /** A stored endpoint profile (studio), or a base URL and model (CLI). */
  endpointProfileId: z.uuid().optional(),
  baseUrl: z.url().optional(),
  model: z.string().min(1).optional(),
  suite: z.string().min(1),
  languages: z.array(z.string().min(1)).optional(),
  limit: z.number().int().min(1).optional(),
  samples: z.number().int().min(1).max(200).default(1),
  temperature: z.number().min(0).max(2).default(0),
  datasetVersionId: z.uuid().optional(),
});
export type StartEvalInput = z.input<typeof StartEvalInput>;
