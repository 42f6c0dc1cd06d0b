import { z } from "zod";

/** The quality gate's flags as review shows and filters them (lib/quality/README.md). Client-safe. */

export const DIFFICULTIES = ["EASY", "MEDIUM", "HARD", "UNSOLVED"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** A ContaminationHit (lib/quality/types.ts) as stored in `candidates.contamination`. */
export const ContaminationHit = z.object({
  benchmark: z.string(),
  taskId: z.string(),
  field: z.enum(["instruction", "solution"]),
  score: z.number(),
  overlap: z.string(),
  benchmarkText: z.string(),
});
export type ContaminationHit = z.infer<typeof ContaminationHit>;

/** The latest independent check of the item (solve_checks) with its sampled answers (solve_trials). */
export const SolveCheckView = z.object({
  id: z.string(),
  revisionId: z.string(),
  /** The revision number it checked. */
  revision: z.number().nullable(),
  interface: z.string(),
  tests: z.string(),
  samples: z.number(),
  passed: z.number(),
  solveRate: z.number(),
  difficulty: z.enum(DIFFICULTIES),
  keptTrialIndex: z.number().nullable(),
  /** The agent's solution against the independent tests, and against its own. */
  ownSolutionStatus: z.string().nullable(),
  ownTestsStatus: z.string().nullable(),
  coverage: z.number().nullable(),
  coveredLines: z.number().nullable(),
  totalLines: z.number().nullable(),
  failingOutput: z.string().nullable(),
  createdAt: z.string(),
  trials: z.array(
    z.object({
      index: z.number(),
      status: z.string(),
      reason: z.string().nullable(),
      outputTokens: z.number().nullable(),
      durationMs: z.number().nullable(),
      solution: z.string(),
    }),
  ),
});
export type SolveCheckView = z.infer<typeof SolveCheckView>;

const Member = z.object({ id: z.string(), language: z.string(), duplicateOfId: z.string().nullable() });

/** One item's quality flags, as its review panel shows them. */
export const ItemQuality = z.object({
  contaminated: z.boolean(),
  contamination: ContaminationHit.nullable(),
  /** The same-language item kept in this one's place (this one is the duplicate a cut drops). */
  duplicateOf: z.object({ id: z.string(), language: z.string(), instruction: z.string() }).nullable(),
  /** Its near-duplicate cluster, with the other members (at most 50): other languages are the same task translated. */
  cluster: z
    .object({ id: z.string(), size: z.number(), languages: z.array(z.string()), crossLingual: z.boolean(), members: z.array(Member) })
    .nullable(),
  difficulty: z.enum(DIFFICULTIES).nullable(),
  solveRate: z.number().nullable(),
  coverage: z.number().nullable(),
  check: SolveCheckView.nullable(),
});
export type ItemQuality = z.infer<typeof ItemQuality>;
