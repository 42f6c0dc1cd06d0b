import { describe, expect, it } from "vitest";
import { histogram, median, tokenLength } from "@/lib/datasets/token-lengths";

describe("token lengths", () => {
  it("counts with a real BPE, special-token markers as plain text", () => {
    expect(tokenLength("hello world")).toBe(2);
    expect(tokenLength("")).toBe(0);
    expect(tokenLength("<|endoftext|>")).toBeGreaterThan(1); // text, not the one special token, and no throw
  });

  it("bins lengths by doubling widths, with an extra bin up to the longest only when one is past the last edge", () => {
    const bins = histogram([0, 31, 32, 100, 4095]);
    expect(bins.map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 32, 2],
      [32, 64, 1],
      [64, 128, 1],
      [128, 256, 0],
      [256, 512, 0],
      [512, 1024, 0],
      [1024, 2048, 0],
      [2048, 4096, 1],
    ]);
    expect(histogram([5000, 4096]).at(-1)).toEqual({ from: 4096, to: 5001, count: 2 });
  });

  it("takes the median of odd and even counts, null for none", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
