import { afterAll, describe, expect, it } from "vitest";
import type { Language } from "@/lib/languages";
import { isolationSupport, runUnsafeLocal } from "@/lib/sandbox/isolation";
import { harness } from "@/lib/sandbox/languages";
import { detectToolchains } from "@/lib/sandbox/toolchains";
import { prepareRun, SandboxPool, withRunFiles, type VerifyResult } from "@/lib/sandbox/verify";

/**
 * Line coverage in the real sandbox: per language, a solution with a branch the tests never take,
 * the same solution fully covered, and a failing test; a verdict (output included) that is the same
 * with coverage as without it. The expected counts are the solution's executable lines, worked out
 * by hand below each program.
 */

const support = isolationSupport();
const { available } = await detectToolchains("/usr/local/bin:/usr/bin:/bin");
const pool = new SandboxPool(2);
afterAll(() => pool.close());

interface Case {
  language: Language;
  code: string;
  /** Tests that never take the negative branch, tests that take every branch, a failing test. */
  partial: string;
  full: string;
  failing: string;
  /** Executable lines of `code`; covered by `partial`; covered by `failing`. */
  total: number;
  partialCovered: number;
  failingCovered: number;
}

const CASES: Case[] = [
  {
    language: "python",
    // Executable: 1 (def), 4, 5, 6, 7, 8; not the docstring, the comment or the blank line.
    code: [
      "def classify(x):",
      '    """Says what x is."""',
      "    # negative numbers are rare",
      "    if x > 0:",
      '        return "positive"',
      "    if x < 0:",
      '        return "negative"',
      '    return "zero"',
      "",
    ].join("\n"),
    partial: 'assert classify(1) == "positive"\nassert classify(0) == "zero"',
    full: 'assert classify(1) == "positive"\nassert classify(0) == "zero"\nassert classify(-1) == "negative"',
    failing: 'assert classify(1) == "negative", "wrong sign"',
    total: 6,
    partialCovered: 5,
    failingCovered: 3,
  },
  {
    language: "javascript",
    // Executable: 1 (the function, called), 3, 4, 6, 7, 9; not the comment or a line of only `}`.
    code: [
      "function classify(x) {",
      "  // negative numbers are rare",
      "  if (x > 0) {",
      '    return "positive";',
      "  }",
      "  if (x < 0) {",
      '    return "negative";',
      "  }",
      '  return "zero";',
      "}",
    ].join("\n"),
    partial: 'console.assert(classify(1) === "positive");\nconsole.assert(classify(0) === "zero");',
    full: 'console.assert(classify(1) === "positive");\nconsole.assert(classify(0) === "zero");\nconsole.assert(classify(-1) === "negative");',
    failing: 'console.assert(classify(1) === "negative", "wrong sign");',
    total: 6,
    partialCovered: 5,
    failingCovered: 3,
  },
  {
    language: "typescript",
    // Executable (mapped back from the emitted JavaScript): 3, 5, 6, 8, 9, 11; the type alias emits nothing.
    code: [
      'type Sign = "positive" | "negative" | "zero";',
      "",
      "function classify(x: number): Sign {",
      "  // negative numbers are rare",
      "  if (x > 0) {",
      '    return "positive";',
      "  }",
      "  if (x < 0) {",
      '    return "negative";',
      "  }",
      '  return "zero";',
      "}",
    ].join("\n"),
    partial: 'console.assert(classify(1) === "positive");\nconsole.assert(classify(0) === "zero");',
    full: 'console.assert(classify(1) === "positive");\nconsole.assert(classify(0) === "zero");\nconsole.assert(classify(-1) === "negative");',
    failing: 'console.assert(classify(1) === "negative", "wrong sign");',
    total: 6,
    partialCovered: 5,
    failingCovered: 3,
  },
  {
    language: "go",
    // Executable (inside Go's cover blocks): 5, 6, 8, 9, 11; not the signature, the comment or `}`.
    code: [
      "package main",
      "",
      "// Classify says what x is.",
      "func Classify(x int) string {",
      "\tif x > 0 {",
      '\t\treturn "positive"',
      "\t}",
      "\tif x < 0 {",
      '\t\treturn "negative"',
      "\t}",
      '\treturn "zero"',
      "}",
    ].join("\n"),
    partial: goTest('if Classify(1) != "positive" || Classify(0) != "zero" {\n\t\tt.Fatal("wrong")\n\t}'),
    full: goTest('if Classify(1) != "positive" || Classify(0) != "zero" || Classify(-1) != "negative" {\n\t\tt.Fatal("wrong")\n\t}'),
    failing: goTest('if Classify(1) != "negative" {\n\t\tt.Fatal("wrong sign")\n\t}'),
    total: 5,
    partialCovered: 4,
    failingCovered: 2,
  },
  {
    language: "cpp",
    // Executable (gcov's lines with code): 4 (the function's entry), 5, 6, 8, 9, 11; a failed assert
    // aborts, and the counts are still written.
    code: [
      "#include <string>",
      "",
      "// Says what x is.",
      "std::string classify(int x) {",
      "    if (x > 0) {",
      '        return "positive";',
      "    }",
      "    if (x < 0) {",
      '        return "negative";',
      "    }",
      '    return "zero";',
      "}",
    ].join("\n"),
    partial: cppTest('assert(classify(1) == "positive");\n    assert(classify(0) == "zero");'),
    full: cppTest('assert(classify(1) == "positive");\n    assert(classify(0) == "zero");\n    assert(classify(-1) == "negative");'),
    failing: cppTest('assert(classify(1) == "negative");'),
    total: 6,
    partialCovered: 5,
    failingCovered: 3,
  },
];

function cppTest(body: string): string {
  return `#include <cassert>\n\nint main() {\n    ${body}\n}\n`;
}

function goTest(body: string): string {
  return `package main\n\nimport "testing"\n\nfunc TestClassify(t *testing.T) {\n\t${body}\n}\n`;
}

/**
 * A run's visible result with its timings taken out (`go test` prints how long it took), and the
 * process id bash gives when it reports a program killed by a signal (C++'s failed assert).
 */
const visible = (result: VerifyResult) => {
  const untimed = (text: string) => text.replace(/\d+\.\d+s\b/g, "<time>").replace(/(line \d+:) +\d+ +/g, "$1 <pid> ");
  return { status: result.status, reason: untimed(result.reason), stdout: untimed(result.stdout), stderr: untimed(result.stderr) };
};

const label = (language: Language) => (available.includes(language) ? language : `${language} (skipped: no ${language} toolchain)`);

describe.skipIf(!support.ok)(`line coverage in the sandbox${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it.each(CASES.map((item) => [label(item.language), item] as const))("%s", async (_, item) => {
    if (!available.includes(item.language)) return;
    const run = (tests: string, coverage: boolean) => pool.verify({ language: item.language, code: item.code, tests }, { coverage });
    const [partial, full, failing, failingPlain] = await Promise.all([
      run(item.partial, true),
      run(item.full, true),
      run(item.failing, true),
      run(item.failing, false),
    ]);
    expect(partial.status, partial.reason).toBe("pass");
    expect(partial.coverage).toEqual({ covered: item.partialCovered, total: item.total, ratio: item.partialCovered / item.total });
    expect(full.status, full.reason).toBe("pass");
    expect(full.coverage).toEqual({ covered: item.total, total: item.total, ratio: 1 });
    // A failing test: the same verdict and output as without coverage, and the lines it reached.
    expect(failing.status).toBe("fail");
    expect(visible(failing)).toEqual(visible(failingPlain));
    expect(failing.coverage).toEqual({ covered: item.failingCovered, total: item.total, ratio: item.failingCovered / item.total });
    expect(failingPlain).not.toHaveProperty("coverage");
    // Nothing of the measurement in what the person sees.
    for (const result of [partial, full, failing]) expect(result.stdout + result.stderr).not.toMatch(/coverage|rosetta-cover/i);
  });

  it("passes the same verdict and output with coverage on as off", async () => {
    const results = await Promise.all(
      CASES.filter((item) => available.includes(item.language)).flatMap((item) =>
        [true, false].map((coverage) => pool.verify({ language: item.language, code: item.code, tests: item.full }, { coverage })),
      ),
    );
    for (let i = 0; i < results.length; i += 2) expect(visible(results[i]!)).toEqual(visible(results[i + 1]!));
  });

  it("gives Python code the stack depth it has without coverage (a recursion that just fits still passes)", async () => {
    const deep = {
      language: "python",
      code: "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n",
      tests: "assert depth(998) == 998",
    };
    const [plain, measured] = await Promise.all([pool.verify(deep), pool.verify(deep, { coverage: true })]);
    expect(plain.status, plain.reason).toBe("pass");
    expect(measured.status, measured.reason).toBe("pass");
    expect(measured.coverage).toEqual({ covered: 2, total: 2, ratio: 1 });
  });

  it("leaves coverage undefined where it is not measured, and never fails a verdict for it", async () => {
    const [bash, exits, crashes, syntax] = await Promise.all([
      pool.verify({ language: "bash", code: "f() { echo 1; }", tests: '[ "$(f)" = 1 ]' }, { coverage: true }),
      // The code leaves without a report (os._exit skips the runner): a pass with no coverage.
      pool.verify({ language: "python", code: "import os", tests: "os._exit(0)" }, { coverage: true }),
      // The code writes rubbish where the report goes: the verdict stands, the coverage is unreadable.
      pool.verify({ language: "python", code: "import os", tests: 'os.write(6, b"rubbish")\nos._exit(0)' }, { coverage: true }),
      pool.verify({ language: "python", code: "def f(:", tests: "pass" }, { coverage: true }),
    ]);
    expect(bash.status).toBe("pass");
    expect(bash).not.toHaveProperty("coverage");
    expect(exits.status).toBe("pass");
    expect(exits).not.toHaveProperty("coverage");
    expect(crashes.status).toBe("pass");
    expect(crashes).not.toHaveProperty("coverage");
    expect(syntax.status).toBe("fail");
    expect(syntax.stderr).toMatch(/^ {2}File "\/src\/main\.py", line 1\n/);
    expect(syntax).not.toHaveProperty("coverage");
  });

  it("measures in unsafe-local mode too (the report pipe is the same fd)", async () => {
    const python = CASES[0]!;
    const prepared = await prepareRun({ language: "python", code: python.code, tests: python.partial }, {}, { coverage: true });
    if (!("run" in prepared)) throw new Error(prepared.verdict.reason);
    const { files, script, env, limits, finish } = prepared.run;
    const run = await withRunFiles(files, (sourceDir) => runUnsafeLocal({ script, sourceDir, limits, env, report: true }));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(finish!(run).coverage).toEqual({
      covered: python.partialCovered,
      total: python.total,
      ratio: python.partialCovered / python.total,
    });
  });

  it("runs the plain harness, untouched, when coverage is off", async () => {
    for (const item of CASES) {
      const prepared = await prepareRun({ language: item.language, code: item.code, tests: item.full });
      if (!("run" in prepared)) throw new Error(`${item.language}: ${prepared.verdict.reason}`);
      const plain = harness(item.language, item.code, item.full, { typescriptOutput: prepared.run.files["main.js"] });
      expect(prepared.run.script).toBe(plain.script);
      expect(prepared.run.files).toEqual(plain.files);
      expect(prepared.run.finish).toBeUndefined();
    }
  });
});
