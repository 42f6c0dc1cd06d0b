import { describe, expect, it } from "vitest";
import { runOutcome } from "@/lib/synthesis/outcome";

describe("runOutcome", () => {
  it("succeeds only when no item of any stage failed", () => {
    expect(
      runOutcome([
        { stage: "SEED", total: 40, failed: 0 },
        { stage: "AGENTS", total: 1, failed: 0 },
        { stage: "DISCUSS", total: 0, failed: 0 },
      ]),
    ).toEqual({ status: "SUCCEEDED", error: null });
  });

  it("finishes with failures when some items failed, counting them per stage", () => {
    expect(
      runOutcome([
        { stage: "SEED", total: 40, failed: 3 },
        { stage: "AGENTS", total: 1, failed: 0 },
        { stage: "DISCUSS", total: 12, failed: 1 },
      ]),
    ).toEqual({
      status: "FINISHED_WITH_FAILURES",
      error: "seed 3 of 40 failed; discuss 1 of 12 failed",
    });
  });

  it("fails when more than half of a stage failed; exactly half is not most", () => {
    expect(
      runOutcome([
        { stage: "SEED", total: 4, failed: 2 },
        { stage: "DISCUSS", total: 3, failed: 2 },
      ]).status,
    ).toBe("FAILED");
    expect(
      runOutcome([
        { stage: "SEED", total: 4, failed: 2 },
        { stage: "DISCUSS", total: 3, failed: 1 },
      ]).status,
    ).toBe("FINISHED_WITH_FAILURES");
  });

  it("names a stage left with nothing to work on after earlier failures", () => {
    expect(
      runOutcome([
        { stage: "SEED", total: 2, failed: 2 },
        { stage: "AGENTS", total: 1, failed: 1 },
        { stage: "DISCUSS", total: 0, failed: 0 },
      ]),
    ).toEqual({
      status: "FAILED",
      error: "seed 2 of 2 failed; agents 1 of 1 failed; discuss had nothing to work on",
    });
  });
});
