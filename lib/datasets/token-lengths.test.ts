import { describe, expect, it } from "vitest";
import { BIN_EDGES, histogram, LengthCounts, median, tokenLength } from "@/lib/datasets/token-lengths";
import type { LengthBin } from "@/lib/datasets/version-types";

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

  it("gives from counts per length the same bins and medians as from every length kept", () => {
    // A seeded generator (mulberry32), so a failure reproduces.
    let state = 21;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    for (const size of [1, 2, 3, 10, 101, 1000, 5000]) {
      // Long-tailed, as token lengths are, some past the last bin edge, and many repeated lengths.
      const lengths = Array.from({ length: size }, () => Math.floor(random() ** 3 * 2 * BIN_EDGES.at(-1)!));
      const halves = [LengthCounts.of(lengths.slice(0, size >> 1)), LengthCounts.of(lengths.slice(size >> 1))];
      const counts = new LengthCounts();
      for (const half of halves) counts.merge(half);
      expect(counts.total).toBe(size);
      expect(counts.median()).toBe(median(lengths));
      // The bins as counted one length at a time, without LengthCounts.
      const last = BIN_EDGES.at(-1)!;
      const expected: LengthBin[] = BIN_EDGES.slice(0, -1).map((from, i) => ({
        from,
        to: BIN_EDGES[i + 1]!,
        count: lengths.filter((n) => n >= from && n < BIN_EDGES[i + 1]!).length,
      }));
      const beyond = lengths.filter((n) => n >= last);
      if (beyond.length) expected.push({ from: last, to: Math.max(...beyond) + 1, count: beyond.length });
      expect(histogram(counts)).toEqual(expected);
      expect(histogram(lengths)).toEqual(expected);
    }
    expect(new LengthCounts().median()).toBeNull();
  });
});
