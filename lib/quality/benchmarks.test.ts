import { describe, expect, it } from "vitest";
import { bundledBenchmarks, cleanStatement, parseBenchmarkJsonl } from "@/lib/quality/benchmarks";

describe("bundledBenchmarks", () => {
  it("reads every bundled file under its benchmark name, statements without examples", () => {
    const all = bundledBenchmarks();
    const count = (name: string) => all.filter((p) => p.benchmark === name).length;
    expect(all).toHaveLength(9216);
    expect([count("HumanEval"), count("MBPP"), count("MBXP-java"), count("HumanEval-go"), count("HumanEval-X-rust")]).toEqual([
      164, 974, 966, 160, 82,
    ]);
    const first = all[0]!;
    expect(first).toMatchObject({ benchmark: "HumanEval", taskId: "HumanEval/0", language: "python" });
    expect(first.statement).toBe("Check if in given list of numbers, are any two numbers closer to each other than given threshold.");
    expect(first.solution).toMatch(/^from typing import List[\s\S]*def has_close_elements[\s\S]*return False\n$/);
    expect(all.find((p) => p.taskId === "Go/0")!.solution).toMatch(/^\nfunc HasCloseElements[\s\S]*return false/);
    expect(all.filter((p) => p.statement?.includes(">>>"))).toEqual([]);
  });

  it("cleanStatement keeps prose lines and drops examples and headers", () => {
    expect(cleanStatement("Return the sum\nof the list.\nFor example:\n>>> f([1, 2])\n3\nf([]) == 0\n")).toBe(
      "Return the sum of the list.",
    );
  });
});

describe("parseBenchmarkJsonl", () => {
  it("accepts the usual field names, code prompts for their docstring", () => {
    const problems = parseBenchmarkJsonl(
      [
        JSON.stringify({
          task_id: "T/1",
          prompt: 'def f(x):\n    """Double a number.\n    >>> f(2)\n    4\n    """\n',
          canonical_solution: "    return 2 * x\n",
        }),
        "",
        JSON.stringify({ id: 7, description: "Reverse the words of a sentence.", language: "lua" }),
        JSON.stringify({ id: "c", code: "fn main() {}" }),
      ].join("\n"),
      "house.jsonl",
    );
    expect(problems).toEqual([
      {
        benchmark: "house.jsonl",
        taskId: "T/1",
        language: undefined,
        statement: "Double a number.",
        solution: 'def f(x):\n    """Double a number.\n    >>> f(2)\n    4\n    """\n    return 2 * x\n',
      },
      { benchmark: "house.jsonl", taskId: "7", language: "lua", statement: "Reverse the words of a sentence.", solution: undefined },
      { benchmark: "house.jsonl", taskId: "c", language: undefined, statement: undefined, solution: "fn main() {}" },
    ]);
  });

  it.each([
    ['{"id": 1, "text": "x"}\n{oops', /^b\.jsonl, line 2: not JSON/],
    ['["a"]', /^b\.jsonl, line 1: expected a JSON object/],
    ['{"prompt": "Sum."}', /^b\.jsonl, line 1: no task_id or id/],
    ['{"id": 1, "language": "go"}', /^b\.jsonl, line 1: neither a statement .* nor a solution/],
    ['{"id": 1, "text": "a"}\n{"id": 1, "text": "b"}', /^b\.jsonl, line 2: the task id "1" appears twice/],
    ["\n\n", /^b\.jsonl: no problems/],
  ])("names the bad line: %s", (content, message) => {
    expect(() => parseBenchmarkJsonl(content, "b.jsonl")).toThrow(message);
  });
});
