import { createHash } from "node:crypto";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * Where an item falls in [0, 1): a stable draw from its id, so whether it belongs to the
 * `review.overlapShare` spot check never changes between requests, processes or machines.
 */
export function overlapDraw(candidateId: string): number {
  return createHash("sha256").update(candidateId).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * How many annotators must decide an item before it is final (lib/synthesis/settings.ts `review`):
 * the language's overlap (or the project's) for the items the share draws, one for the others.
 */
export function requiredDecisions(review: ProjectSettings["review"], item: { id: string; language: string }): number {
  const overlap = review.overlapByLanguage[item.language as keyof typeof review.overlapByLanguage] ?? review.overlap;
  if (overlap <= 1) return 1;
  return overlapDraw(item.id) < review.overlapShare ? overlap : 1;
}
