import { describe, expect, it } from "vitest";
import { bundledBenchmarks } from "@/lib/quality/benchmarks";
import { buildContaminationIndex, bundledIndex } from "@/lib/quality/decontaminate";
import { codeTokens, IDENTIFIER, instructionTokens } from "@/lib/quality/normalize";
import type { BenchmarkProblem } from "@/lib/quality/types";
import { PROBLEMS } from "@/model-server/bank/problems";

const problem = (taskId: string) => bundledBenchmarks().find((p) => p.taskId === taskId)!;
const words = (text: string) => instructionTokens(text).map((token) => token.text);

describe("normalisation", () => {
  it("drops openings, filler words, punctuation and case, and maps identifiers and language names to placeholders", () => {
    expect(words("Write a python function to find the sum of an array.")).toEqual(
      words("Create a small Lua routine which will find the SUM of an array!"),
    );
    expect(words("Check if in given list of numbers, are any two numbers closer")).toEqual(
      words("check whether, in the given list of numbers, any two numbers are closer"),
    );
    expect(words("Your task is to make `maxRun` so that max_run(xs) returns runs")).toEqual([
      "make",
      "‹id›",
      "so",
      "‹id›",
      "xs",
      "return",
      "run",
    ]);
  });

  it("keeps code's keywords, operators and literals, drops comments and docstrings, and keeps offsets", () => {
    const code = 'def total(xs):\n    """Sum them."""\n    # a comment\n    return sum(xs) + 1  # trailing\n';
    const tokens = codeTokens(code, "python");
    expect(tokens.map((t) => t.text)).toEqual([
      "def",
      IDENTIFIER,
      "(",
      IDENTIFIER,
      ")",
      ":",
      "return",
      IDENTIFIER,
      "(",
      IDENTIFIER,
      ")",
      "+",
      "1",
    ]);
    expect(code.slice(tokens[1]!.start, tokens[1]!.end)).toBe("total");
    expect(codeTokens("int f(int i) { return i--; } // c\n/* block */", "c").map((t) => t.text)).toEqual(
      "int ‹id› ( int ‹id› ) { return ‹id› -- ; }".split(" "),
    );
    expect(codeTokens("local x = 1 -- a Lua comment\nreturn x", "lua").map((t) => t.text)).toEqual("local ‹id› = 1 return ‹id›".split(" "));
  });
});

describe("planted leaks are flagged with their benchmark and task", () => {
  const index = bundledIndex();

  it("a verbatim HumanEval statement, in any language", () => {
    const hit = index.check({ language: "lua", instruction: problem("HumanEval/0").statement! });
    expect(hit).toMatchObject({ benchmark: "HumanEval", taskId: "HumanEval/0", field: "instruction", score: 1 });
    expect(hit!.benchmarkText).toBe(problem("HumanEval/0").statement);
  });

  it("a reworded opening of an MBPP statement", () => {
    const hit = index.check({
      language: "lua",
      instruction:
        "Create a Lua routine which will find the minimum cost path to reach (m, n) from (0, 0) for the given cost matrix cost[][] and a position (m, n) in cost[][].",
    });
    expect(hit).toMatchObject({ benchmark: "MBPP", taskId: "MBPP/1", field: "instruction", score: 1 });
  });

  it("appended sentences, reporting the overlap as the item wrote it", () => {
    const instruction = `${problem("HumanEval/12").statement} Solve it without recursion. Explain the time complexity, and write three unit tests covering the edge cases.`;
    const hit = index.check({ language: "swift", instruction });
    expect(hit).toMatchObject({ benchmark: "HumanEval", taskId: "HumanEval/12", score: 1 });
    expect(hit!.overlap).toBe(
      "Out of list of strings, return the longest one. Return the first one in case of multiple strings of the same length. Return null in case the input list is empty",
    );
    expect(instruction).toContain(hit!.overlap);
  });

  it("renamed identifiers", () => {
    const hit = index.check({
      language: "kotlin",
      instruction:
        "xs are coefficients of a polynomial. locateRoot find x such that evaluatePolynomial(x) = 0. locateRoot returns only only zero point, even if there are many. Moreover, locateRoot only takes list xs having even number of coefficients and largest non zero coefficient as it guarantees a solution.",
    });
    expect(hit).toMatchObject({ benchmark: "HumanEval", taskId: "HumanEval/32", field: "instruction" });
  });

  it("a HumanEval statement with a Rust or Go solution: caught through the statement, in the item's language where the benchmark has it", () => {
    const instruction = (language: string) =>
      `Write a ${language} function that checks if in given list of numbers, are any two numbers closer to each other than given threshold.`;
    const rust = index.check({
      language: "rust",
      instruction: instruction("Rust"),
      solution:
        "fn close(v: &[f64], t: f64) -> bool {\n    v.iter().enumerate().any(|(i, a)| v[i + 1..].iter().any(|b| (a - b).abs() < t))\n}",
    });
    expect(rust).toMatchObject({ benchmark: "HumanEval-X-rust", taskId: "Rust/0", field: "instruction", score: 1 });
    expect(rust!.overlap).toBe("checks if in given list of numbers, are any two numbers closer to each other than given threshold");
    const go = index.check({
      language: "go",
      instruction: instruction("Go"),
      solution: "func close(v []float64, t float64) bool { return false }",
    });
    expect(go).toMatchObject({ benchmark: "HumanEval-go", taskId: "HumanEval_go/0", field: "instruction" });
  });

  it("a canonical solution with renamed variables, under an unrelated instruction", () => {
    const solution = `def cheapest(grid, row, col):
    rows = 3
    cols = 3
    best = [[0 for k in range(cols)] for k in range(rows)]
    best[0][0] = grid[0][0]
    for a in range(1, row+1):
        best[a][0] = best[a-1][0] + grid[a][0]
    for b in range(1, col+1):
        best[0][b] = best[0][b-1] + grid[0][b]
    for a in range(1, row+1):
        for b in range(1, col+1):
            best[a][b] = min(best[a-1][b-1], best[a-1][b], best[a][b-1]) + grid[a][b]
    return best[row][col]`;
    const hit = index.check({ language: "python", instruction: "Compute the cheapest route through a weighted grid.", solution });
    expect(hit).toMatchObject({ benchmark: "MBPP", taskId: "MBPP/1", field: "solution", score: 1 });
    expect(solution).toContain(hit!.overlap);
  });

  it("short MBPP statements, when they are the instruction", () => {
    expect(index.check({ language: "swift", instruction: "Write a Swift function to find the sum of an array." })).toMatchObject({
      benchmark: "MBPP",
      taskId: "MBPP/798",
      overlap: "find the sum of an array",
    });
    expect(index.check({ language: "lua", instruction: "Write a Lua function to swap two numbers." })).toMatchObject({
      taskId: "MBPP/257",
      overlap: "swap two numbers",
    });
  });

  it("a project's own benchmark", () => {
    const own = buildContaminationIndex([
      {
        benchmark: "house",
        taskId: "h-1",
        statement: "Parse an ISO 8601 duration such as P3DT4H into a total number of seconds, rejecting weeks mixed with days.",
      },
    ]);
    expect(own.sizes).toEqual({ house: 1 });
    expect(
      own.check({
        language: "zig",
        instruction: "In Zig: parse an ISO 8601 duration such as P3DT4H into a total number of seconds, rejecting weeks mixed with days.",
      }),
    ).toMatchObject({
      benchmark: "house",
      taskId: "h-1",
    });
  });
});

describe("near-misses are not flagged", () => {
  const index = bundledIndex();

  it.each([
    "Write a function that returns the sum of all the numbers in a list of integers, ignoring negative ones.",
    "Given a list of integers, return a new list with every element doubled, in descending order.",
    "Swap two numbers in an array given their indices, returning the array, and count how many swaps were made overall.",
    "Write a function that returns the sum of the squares of the odd digits of a positive integer given as a string.",
  ])("a different problem sharing generic phrases: %s", (instruction) => {
    expect(index.check({ language: "python", instruction })).toBeNull();
  });

  it("a short common solution", () => {
    expect(
      index.check({ language: "python", instruction: "Add two integers.", solution: "def add(a, b):\n    return a + b\n" }),
    ).toBeNull();
    expect(
      index.check({
        language: "javascript",
        instruction: "Reverse a string.",
        solution: "const reverse = (s) => s.split('').reverse().join('');",
      }),
    ).toBeNull();
  });

  it("the scripted model server's bank problems (none is a benchmark problem's text)", () => {
    for (const bank of PROBLEMS)
      for (const language of ["Python", "Rust"])
        expect(index.check({ language, instruction: bank.instruction.replace("{language}", language) }), bank.id).toBeNull();
  });
});

describe("over the bundled set", () => {
  const all = bundledBenchmarks();
  const normalised = (text: string) => words(text).join(" ");

  it("finds every problem's own statement as itself (recall 1.0)", () => {
    const index = bundledIndex();
    const missed = all.filter((p) => {
      if (!p.statement) return false;
      const hit = index.check({ language: "lua", instruction: p.statement });
      return !hit || normalised(hit.benchmarkText) !== normalised(p.statement);
    });
    expect(missed.map((p) => p.taskId)).toEqual([]);
  });

  it("finds every statement of 8 words or more with a reworded opening or appended sentences", () => {
    const index = bundledIndex();
    const reworded = (statement: string) =>
      /^write an? (\w+ )?(function|program)( to| that)?/i.test(statement)
        ? statement.replace(/^write an? (\w+ )?(function|program)( to| that)?/i, "In Lua, create a small routine which will")
        : `Implement a Swift function that does the following. ${statement}`;
    const appended = (statement: string) =>
      `${statement} The input may be empty; handle that too. Explain the time complexity and include unit tests.`;
    const missed: string[] = [];
    for (const p of all) {
      if (!p.statement || words(p.statement).length < 8) continue;
      for (const [how, plant] of [
        ["reworded", reworded],
        ["appended", appended],
      ] as const) {
        const hit = index.check({ language: "lua", instruction: plant(p.statement) });
        if (!hit || normalised(hit.benchmarkText) !== normalised(p.statement)) missed.push(`${how} ${p.taskId}`);
      }
    }
    expect(missed).toEqual([]);
  }, 60_000);

  it("flags no statement of one benchmark family against the other, and almost no solution (0 and 4 of 6,857)", () => {
    const humanEval = (p: BenchmarkProblem) => p.benchmark.startsWith("HumanEval");
    let statements = 0;
    let solutions = 0;
    for (const [indexed, probes] of [
      [all.filter(humanEval), all.filter((p) => !humanEval(p))],
      [all.filter((p) => !humanEval(p)), all.filter(humanEval)],
    ] as const) {
      const index = buildContaminationIndex(indexed);
      for (const p of probes) {
        if (p.statement && index.check({ language: p.language ?? "", instruction: p.statement })) statements++;
        if (p.solution && index.check({ language: p.language ?? "", instruction: "", solution: p.solution })) solutions++;
      }
    }
    expect(statements).toBe(0);
    expect(solutions).toBeLessThanOrEqual(4);
  }, 60_000);
});
