import { describe, expect, it } from "vitest";
import { estimatedSimilarity, jaccard, minhashSignature, SIGNATURE_SIZE } from "@/lib/agents/similarity";

const sample = "Write a function that returns the sum of the even numbers in a list of integers.";

describe("MinHash similarity", () => {
  it("gives identical texts similarity 1 and is insensitive to case and spacing", () => {
    expect(minhashSignature(sample)).toHaveLength(SIGNATURE_SIZE);
    expect(estimatedSimilarity(minhashSignature(sample), minhashSignature(`  ${sample.toUpperCase()}\n`))).toBe(1);
  });

  it("tracks the exact Jaccard similarity of the n-grams", () => {
    const pairs = [
      [sample, "Write a function that returns the sum of the odd numbers in a list of integers."],
      [sample, "Write a function that returns the product of the even numbers in an array of longs."],
      [sample, "Implement Dijkstra's shortest path algorithm over a weighted directed graph."],
    ] as const;
    for (const [a, b] of pairs) {
      expect(Math.abs(estimatedSimilarity(minhashSignature(a), minhashSignature(b)) - jaccard(a, b))).toBeLessThan(0.2);
    }
    expect(estimatedSimilarity(minhashSignature(pairs[0][0]), minhashSignature(pairs[0][1]))).toBeGreaterThan(0.6);
    expect(estimatedSimilarity(minhashSignature(pairs[2][0]), minhashSignature(pairs[2][1]))).toBeLessThan(0.2);
  });

  it("is stable: the same text gives the same signature in any process", () => {
    expect(minhashSignature("fn main() {}").slice(0, 4)).toEqual(minhashSignature("fn main() {}").slice(0, 4));
    expect(minhashSignature("abc").every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 31)).toBe(true);
  });
});
