import { expect, it } from "vitest";
import { bundledBenchmarks } from "@/lib/quality/benchmarks";
import { bundledIndex, bundledIndexInSlices } from "@/lib/quality/decontaminate";

// A file of its own: the index is built once per process (per test file), and this builds it in slices first.
it("the bundled index built in slices is one build for callers at the same time, the one bundledIndex returns, and finds a benchmark", async () => {
  const [a, b] = await Promise.all([bundledIndexInSlices(), bundledIndexInSlices()]);
  expect(a).toBe(b);
  expect(bundledIndex()).toBe(a);
  const problem = bundledBenchmarks().find((p) => p.benchmark === "HumanEval" && p.taskId === "HumanEval/12")!;
  expect(a.check({ language: "python", instruction: problem.statement!, solution: "" })).toMatchObject({
    benchmark: "HumanEval",
    taskId: "HumanEval/12",
    field: "instruction",
  });
  expect(a.check({ language: "python", instruction: "Print the numbers from one to ten, each on its own line.", solution: "" })).toBeNull();
  expect(a.sizes.HumanEval).toBe(164);
});
