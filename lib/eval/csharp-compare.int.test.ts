import { afterAll, describe, expect, it } from "vitest";
import { harnessInput } from "@/lib/eval/harness";
import { bundledSuite } from "@/lib/eval/suites";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";

const support = isolationSupport();
const pool = new SandboxPool(2, "isolated");
afterAll(() => pool.close());

describe.skipIf(!support.ok)(`MBXP C# tests on the CompareNetObjects stand-in${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  const problems = bundledSuite("mbxp")
    .filter((problem) => problem.language === "csharp" && problem.canonical && problem.tests.includes("Compare(actual2, expected2)"))
    .slice(0, 3);

  it("passes the canonical solutions and fails them when a test expects another case's value", async () => {
    expect(problems).toHaveLength(3);
    for (const problem of problems) {
      const program = `${problem.prompt}${problem.canonical}\n`;
      const good = await pool.verify(harnessInput(problem, program));
      expect(good.status, `${problem.taskId}: ${good.reason}`).toBe("pass");
      // The second case checked against the first case's expected value: a deep comparison must tell them apart.
      const swapped = { ...problem, tests: problem.tests.replace("Compare(actual2, expected2)", "Compare(actual2, expected1)") };
      const bad = await pool.verify(harnessInput(swapped, program));
      expect(bad.status, problem.taskId).toBe("fail");
    }
  });
});
