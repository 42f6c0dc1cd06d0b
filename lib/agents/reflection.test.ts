import { describe, expect, it } from "vitest";
import { formatReflection, reflectionFromScores } from "@/lib/agents/reflection";
import { ASPECTS, ScorerOutput } from "@/lib/llm/contracts";

const scores = (values: Record<string, number | "N/A">) =>
  ScorerOutput.parse(ASPECTS.map((expert) => ({ expert, score: values[expert] ?? 4, reason: `${expert} reason` })));

describe("reflectionFromScores", () => {
  it("splits aspects into merits and faults and keeps the scorer's total", () => {
    const reflection = reflectionFromScores(scores({ code_correctness: 2, difficulty: 3, total: 3.5 }));
    expect(reflection.total).toBe(3.5);
    expect(reflection.faults.map((f) => f.aspect)).toEqual(["difficulty", "code_correctness"]);
    expect(reflection.merits).toHaveLength(6);
  });

  it("averages the scored aspects when the total is N/A, ignoring N/A aspects", () => {
    const reflection = reflectionFromScores(
      scores({
        consistency: 5,
        relevance: 5,
        difficulty: 5,
        code_exists: 5,
        code_correctness: 5,
        clarity: 5,
        comments: "N/A",
        easy_to_learn: 2,
        total: "N/A",
      }),
    );
    expect(reflection.total).toBeCloseTo((5 * 6 + 2) / 7);
    expect(reflection.merits.some((m) => m.aspect === "comments")).toBe(false);
  });

  it("reads as merits and faults with reasons in a prompt", () => {
    const text = formatReflection(reflectionFromScores(scores({ code_correctness: 2 })));
    expect(text).toMatch(/^Total 4\.0\/5\. Merits: .*Faults: code correctness 2\/5: code_correctness reason\.$/);
  });
});
