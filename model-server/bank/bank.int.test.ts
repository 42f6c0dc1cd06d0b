import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { LANGUAGES } from "@/lib/languages";
import { BANK, PROBLEMS } from "@/model-server/bank";
import { detectToolchains } from "@/lib/sandbox/toolchains";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { runTrustedProgram } from "@/lib/testing/run-program";

// The bank's promise, checked by running it: every correct solution passes its tests and every
// wrong one fails them, in every language whose toolchain is installed (.ci/run installs all ten).
// Where the sandbox works, lib/sandbox/sandbox.int.test.ts checks the same promise inside it (and
// so this one, outside it, would only repeat it): this is the check for machines without it.
const { available } = await detectToolchains(env.PATH);
const sandboxed = isolationSupport().ok;

describe.each(LANGUAGES)(
  `the %s bank${sandboxed ? " (checked inside the sandbox by lib/sandbox/sandbox.int.test.ts)" : ""}`,
  (language) => {
    it.skipIf(sandboxed || !available.includes(language))(
      "passes with each correct solution and fails with each wrong one",
      async () => {
        const verdicts: string[] = [];
        for (const problem of PROBLEMS) {
          const entry = BANK[language][problem.id]!;
          const good = await runTrustedProgram(language, entry.solution, entry.tests);
          const bad = await runTrustedProgram(language, entry.wrong, entry.tests);
          if (!good.passed) verdicts.push(`${problem.id}: the correct solution failed:\n${good.output.slice(0, 1500)}`);
          if (bad.passed) verdicts.push(`${problem.id}: the wrong solution passed`);
        }
        expect(verdicts).toEqual([]);
      },
      300_000,
    );
  },
);
