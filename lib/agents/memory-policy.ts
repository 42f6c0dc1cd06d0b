import { estimatedSimilarity } from "@/lib/agents/similarity";

/**
 * The paper's memory: a priority queue of capacity T. A new sample enters only if its similarity to
 * every stored sample is under the threshold; when the memory is full, the lowest-scored sample
 * (possibly the new one) is evicted. Pure: the store (memory-store.ts) applies the decision.
 */

export interface StoredSample {
  id: string;
  score: number;
  signature: readonly number[];
}

export type MemoryDecision =
  | { kind: "reject"; similarTo: string; similarity: number }
  | { kind: "insert"; maxSimilarity: number; evict: { id: string | "new"; score: number } | null };

export function decideMemoryOffer({
  stored,
  offered,
  capacity,
  threshold,
}: {
  stored: readonly StoredSample[];
  offered: { score: number; signature: readonly number[] };
  capacity: number;
  threshold: number;
}): MemoryDecision {
  let maxSimilarity = 0;
  let closest: StoredSample | undefined;
  for (const sample of stored) {
    const similarity = estimatedSimilarity(sample.signature, offered.signature);
    if (similarity > maxSimilarity) {
      maxSimilarity = similarity;
      closest = sample;
    }
  }
  if (closest && maxSimilarity >= threshold) return { kind: "reject", similarTo: closest.id, similarity: maxSimilarity };
  if (stored.length < capacity) return { kind: "insert", maxSimilarity, evict: null };
  // Full: the lowest score goes; among equals the oldest stored one (first in `stored`), and a new
  // sample that ties with the lowest does not push it out.
  const lowest = stored.reduce((low, sample) => (sample.score < low.score ? sample : low));
  if (offered.score <= lowest.score) return { kind: "insert", maxSimilarity, evict: { id: "new", score: offered.score } };
  return { kind: "insert", maxSimilarity, evict: { id: lowest.id, score: lowest.score } };
}
