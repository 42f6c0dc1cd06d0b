import { hash32, seededRandom } from "@/lib/random";

/**
 * Evol-Instruct evolves with one operation per step: a discussion's operation is drawn uniformly
 * from its author's operations, seeded by the discussion id, so a replay draws the same one.
 */
export function pickEvolutionOperation(discussionId: string, operations: readonly string[]): string | null {
  if (!operations.length) return null;
  const random = seededRandom(hash32(discussionId, "evolution-operation"));
  return operations[Math.floor(random() * operations.length)]!;
}
