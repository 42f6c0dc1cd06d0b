import { describe, expect, it } from "vitest";
import { difficultyOf } from "@/lib/quality/difficulty";

describe("difficultyOf", () => {
  it("labels solve rates at and around the cut-offs", () => {
    expect(difficultyOf(1)).toBe("EASY");
    expect(difficultyOf(0.75)).toBe("EASY");
    expect(difficultyOf(0.74)).toBe("MEDIUM");
    expect(difficultyOf(0.5)).toBe("MEDIUM");
    expect(difficultyOf(0.25)).toBe("MEDIUM");
    expect(difficultyOf(0.24)).toBe("HARD");
    expect(difficultyOf(1 / 8)).toBe("HARD");
    expect(difficultyOf(0)).toBe("UNSOLVED");
  });

  it("never labels a rate it cannot read as solved", () => {
    expect(difficultyOf(Number.NaN)).toBe("UNSOLVED");
    expect(difficultyOf(-0.5)).toBe("UNSOLVED");
  });
});
