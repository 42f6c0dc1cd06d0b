import { describe, expect, it } from "vitest";
import { failureShare, lossTone, runStatusLabel, runStatusTone } from "@/components/runs/run-status";

describe("how a run's state reads", () => {
  it("says finished with failures in words and in the warning colour, failed in red, succeeded in green", () => {
    expect(runStatusLabel("FINISHED_WITH_FAILURES")).toBe("finished with failures");
    expect(runStatusLabel("PAUSED")).toBe("paused");
    expect(runStatusTone("FINISHED_WITH_FAILURES")).toContain("amber");
    expect(runStatusTone("FAILED")).toContain("rose");
    expect(runStatusTone("SUCCEEDED")).toContain("emerald");
    expect([lossTone("FAILED"), lossTone("FINISHED_WITH_FAILURES"), lossTone("RUNNING")]).toEqual(["rose", "amber", "amber"]);
  });

  it("gives the share of failed items without rounding a loss away", () => {
    expect(failureShare(3, 40)).toBe("3 of 40 items failed (8%)");
    expect(failureShare(1, 1000)).toBe("1 of 1000 items failed (<1%)");
    expect(failureShare(0, 0)).toBe("0 of 0 items failed (0%)");
    expect(failureShare(1, 1)).toBe("1 of 1 item failed (100%)");
  });
});
