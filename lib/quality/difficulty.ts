/**
 * The difficulty label of an item, from its solve rate in the independent check: the share of
 * sampled answers that pass tests written without seeing any solution. Most answers pass: easy;
 * about half: medium; a few: hard; none, extra attempts included: unsolved. The cut-offs follow
 * KodCode's reading of pass rates (an item a strong sampler solves three times in four is easy).
 */
export type Difficulty = "EASY" | "MEDIUM" | "HARD" | "UNSOLVED";

export const DIFFICULTY_THRESHOLDS = { easy: 0.75, medium: 0.25 } as const;

export function difficultyOf(solveRate: number): Difficulty {
  if (!(solveRate > 0)) return "UNSOLVED";
  if (solveRate >= DIFFICULTY_THRESHOLDS.easy) return "EASY";
  if (solveRate >= DIFFICULTY_THRESHOLDS.medium) return "MEDIUM";
  return "HARD";
}
