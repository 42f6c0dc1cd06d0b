import { describe, expect, it } from "vitest";
import { groupAnswers, pairAnswers, type Group } from "@/lib/synthesis/dpo-pairs";

const judge = (groups: Group[], verdicts: Record<string, "pass" | "fail" | "error">) =>
  groups.map((g) => ({ ...g, result: { status: verdicts[g.solution.trim()]!, reason: "r" } }));

describe("DPO pairs by execution", () => {
  it("runs identical answers once, counts every sample, and never pairs an answer twice", () => {
    const solutions = ["a", "a\n", "b", "a", "x", "x", "y", "z"];
    const groups = groupAnswers(solutions.map((solution, index) => ({ index, solution })));
    expect(groups.map((g) => [g.solution.trim(), g.times])).toEqual([
      ["a", 3],
      ["b", 1],
      ["x", 2],
      ["y", 1],
      ["z", 1],
    ]);
    const { passed, failed, outcome, pairs } = pairAnswers(judge(groups, { a: "pass", b: "pass", x: "error", y: "fail", z: "fail" }), 5);
    expect({ passed, failed, outcome }).toEqual({ passed: 4, failed: 4, outcome: "PAIRED" });
    // Chosen: the most frequent passing answer first; rejected: wrong results before errors.
    expect(pairs.map((p) => [p.chosen.solution.trim(), p.rejected.solution.trim()])).toEqual([
      ["a", "y"],
      ["b", "z"],
    ]);
  });

  it("names a query whose samples all pass or all fail, with no pair", () => {
    const groups = groupAnswers([
      { index: 0, solution: "a" },
      { index: 1, solution: "b" },
    ]);
    expect(pairAnswers(judge(groups, { a: "pass", b: "pass" }), 1)).toMatchObject({ outcome: "ALL_PASS", pairs: [] });
    expect(pairAnswers(judge(groups, { a: "fail", b: "error" }), 1)).toMatchObject({ outcome: "ALL_FAIL", pairs: [] });
  });
});
