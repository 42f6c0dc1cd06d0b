import { describe, expect, it } from "vitest";
import { decideMemoryOffer, type StoredSample } from "@/lib/agents/memory-policy";
import { minhashSignature } from "@/lib/agents/similarity";

const sample = (id: string, score: number, text: string): StoredSample => ({ id, score, signature: minhashSignature(text) });
const texts = [
  "Sum the even numbers of a list of integers.",
  "Check whether a string is a palindrome, ignoring punctuation.",
  "Compute the greatest common divisor with Euclid's algorithm.",
  "Return the n-th Fibonacci number iteratively.",
];

describe("decideMemoryOffer", () => {
  it("inserts while there is room", () => {
    expect(
      decideMemoryOffer({
        stored: [sample("a", 3, texts[0]!)],
        offered: { score: 2, signature: minhashSignature(texts[1]!) },
        capacity: 2,
        threshold: 0.7,
      }),
    ).toMatchObject({ kind: "insert", evict: null });
  });

  it("rejects a sample too similar to a stored one, naming it", () => {
    const decision = decideMemoryOffer({
      stored: [sample("a", 3, texts[0]!), sample("b", 4, texts[1]!)],
      offered: { score: 5, signature: minhashSignature(texts[1]!.replace("palindrome", "palindrome,")) },
      capacity: 5,
      threshold: 0.7,
    });
    expect(decision).toMatchObject({ kind: "reject", similarTo: "b" });
    expect((decision as { similarity: number }).similarity).toBeGreaterThanOrEqual(0.7);
  });

  it("evicts the lowest-scored sample when full", () => {
    const stored = [sample("a", 4, texts[0]!), sample("b", 2, texts[1]!), sample("c", 3, texts[2]!)];
    expect(
      decideMemoryOffer({ stored, offered: { score: 5, signature: minhashSignature(texts[3]!) }, capacity: 3, threshold: 0.7 }),
    ).toMatchObject({ kind: "insert", evict: { id: "b", score: 2 } });
  });

  it("drops the new sample itself when it scores no better than the lowest of a full memory", () => {
    const stored = [sample("a", 4, texts[0]!), sample("b", 2, texts[1]!)];
    expect(
      decideMemoryOffer({ stored, offered: { score: 2, signature: minhashSignature(texts[3]!) }, capacity: 2, threshold: 0.7 }),
    ).toMatchObject({ kind: "insert", evict: { id: "new" } });
  });

  it("with threshold 1, only an identical sample counts as too similar", () => {
    const stored = [sample("a", 4, texts[0]!)];
    expect(
      decideMemoryOffer({ stored, offered: { score: 1, signature: minhashSignature(texts[0]!) }, capacity: 3, threshold: 1 }).kind,
    ).toBe("reject");
    expect(
      decideMemoryOffer({ stored, offered: { score: 1, signature: minhashSignature(`${texts[0]!} Twice.`) }, capacity: 3, threshold: 1 })
        .kind,
    ).toBe("insert");
  });
});
