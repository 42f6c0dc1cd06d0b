import { describe, expect, it } from "vitest";
import { keptAnswer } from "@/lib/quality/keep";

describe("keptAnswer", () => {
  const own = { index: "own" as const, tokens: 40, coverage: 0.8 };
  const short = { index: 2, tokens: 25, coverage: 0.6 };
  const covered = { index: 0, tokens: 50, coverage: 1 };

  it("keeps the fewest tokens, or the best covered", () => {
    expect(keptAnswer([own, short, covered], "fewest_tokens")).toBe(short);
    expect(keptAnswer([own, short, covered], "best_scored")).toBe(covered);
  });

  it("prefers the item's own solution, then the earlier sample, on a tie; nothing when nothing passed", () => {
    expect(keptAnswer([{ index: 1, tokens: 40, coverage: null }, own], "fewest_tokens")).toBe(own);
    expect(
      keptAnswer(
        [
          { index: 3, tokens: 9, coverage: null },
          { index: 1, tokens: 9, coverage: null },
        ],
        "best_scored",
      )!.index,
    ).toBe(1);
    expect(keptAnswer([], "fewest_tokens")).toBeUndefined();
  });
});
