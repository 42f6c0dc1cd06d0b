import { z } from "zod";

/**
 * What the studio's evaluation routes answer (app/api/projects/[slug]/evaluations/**), shared by the
 * routes (lib/eval/views.ts) and the browser's data layer (components/data/evaluations.ts).
 */

export const EVAL_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FINISHED_WITH_FAILURES", "FAILED", "CANCELLED"] as const;
export const EVAL_VERDICTS = ["PASS", "FAIL", "ERROR", "TIMEOUT", "NO_CODE", "NO_ANSWER"] as const;
export const EvalVerdictName = z.enum(EVAL_VERDICTS);
export type EvalVerdictName = z.infer<typeof EvalVerdictName>;

/** A suite the start form offers: a bundled one, or a project's benchmark file ("benchmark:<id>"). */
export const EvalSuiteOption = z.object({ id: z.string(), name: z.string(), languages: z.array(z.string()), problems: z.number() });
export type EvalSuiteOption = z.infer<typeof EvalSuiteOption>;

/**
 * One language of a run. `settled`/`passed` count the answers stored so far (live while it runs);
 * the scores come from the run's summary once the engine has settled the language, else from the
 * answers so far (`final` false).
 */
export const EvalLanguageView = z.object({
  language: z.string(),
  settled: z.number(),
  passed: z.number(),
  final: z.boolean(),
  problems: z.number().nullable(),
  excluded: z.number().nullable(),
  pass1: z.number().nullable(),
  k: z.number().nullable(),
  passK: z.number().nullable(),
});
export type EvalLanguageView = z.infer<typeof EvalLanguageView>;

export const EvalRunView = z.object({
  id: z.string(),
  label: z.string(),
  model: z.string(),
  baseUrl: z.string(),
  endpointProfile: z.object({ id: z.string(), name: z.string() }).nullable(),
  suite: z.string(),
  suiteName: z.string(),
  languages: z.array(z.string()),
  problemLimit: z.number().nullable(),
  samples: z.number(),
  temperature: z.number(),
  datasetVersion: z.object({ id: z.string(), tag: z.string() }).nullable(),
  status: z.enum(EVAL_STATUSES),
  error: z.string().nullable(),
  total: z.number(),
  done: z.number(),
  perLanguage: z.array(EvalLanguageView),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type EvalRunView = z.infer<typeof EvalRunView>;

/** The project's runs, the suites a new one may use, and the project's id (roles are per project id). */
export const EvalRunList = z.object({ projectId: z.string(), items: z.array(EvalRunView), suites: z.array(EvalSuiteOption) });
export type EvalRunList = z.infer<typeof EvalRunList>;

export const EvalResultView = z.object({
  id: z.string(),
  language: z.string(),
  taskId: z.string(),
  sampleIndex: z.number(),
  verdict: EvalVerdictName,
  /** The problem as the benchmark states it (null when the suite no longer has it). */
  prompt: z.string().nullable(),
  answer: z.string(),
  code: z.string().nullable(),
  output: z.string(),
  durationMs: z.number().nullable(),
});
export type EvalResultView = z.infer<typeof EvalResultView>;

export const EvalResultPage = z.object({ items: z.array(EvalResultView), nextCursor: z.string().nullable() });
export type EvalResultPage = z.infer<typeof EvalResultPage>;

/** A problem whose outcome differs between the first two compared runs (passed: most of its samples pass). */
export const EvalFlip = z.object({ language: z.string(), taskId: z.string(), before: z.boolean(), after: z.boolean() });
export type EvalFlip = z.infer<typeof EvalFlip>;

export const EvalComparison = z.object({
  runs: z.array(EvalRunView),
  languages: z.array(z.string()),
  /** Per run (in the order asked), pass@1 per language (null: not evaluated there) and their mean. */
  rows: z.array(z.object({ runId: z.string(), scores: z.record(z.string(), z.number().nullable()), average: z.number().nullable() })),
  /** Per column (each language, and "average"), the runs with the best score. */
  best: z.record(z.string(), z.array(z.string())),
  flips: z.object({
    from: z.string(),
    to: z.string(),
    passToFail: z.number(),
    failToPass: z.number(),
    /** The first ones (at most FLIP_LIMIT), pass→fail first. */
    items: z.array(EvalFlip),
  }),
});
export type EvalComparison = z.infer<typeof EvalComparison>;

export const FLIP_LIMIT = 500;

/** PATCH …/evaluations/:id: the label, and the dataset version the model was trained on (null: none). */
export const UpdateEvalInput = z
  .object({ label: z.string().trim().min(1).max(120).optional(), datasetVersionId: z.uuid().nullable().optional() })
  .refine((v) => v.label !== undefined || v.datasetVersionId !== undefined, "give a label or a datasetVersionId");
export type UpdateEvalInput = z.infer<typeof UpdateEvalInput>;
