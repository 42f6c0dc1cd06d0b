import type { EvalProblem } from "@/lib/eval/types";
import type { VerifyInput } from "@/lib/sandbox/verify";
import { CSHARP_COMPARE_NET_OBJECTS } from "@/lib/eval/csharp-compare";

/**
 * What each suite's own harness runs, as the sandbox's {language, code, tests}: mxeval's is the
 * prompt and completion, then the tests (Python then calls check(entry point)); CodeGeeX's
 * HumanEval-X the same, with the standard includes added for C++, and for Go the test setup
 * (testify) with the standard imports the code uses. The sandbox puts code and tests in one
 * program, except Go, where `go test` runs the tests file beside the code's.
 */

/** The imports CodeGeeX's Go harness adds when the code uses them, and the ones the bundle's files declare. */
const GO_PACKAGES = [
  "math",
  "strings",
  "fmt",
  "strconv",
  "time",
  "bytes",
  "regexp",
  "sort",
  "math/rand",
  "crypto/md5",
  "encoding/json",
  "reflect",
  "testing",
  "unicode",
  "errors",
  "github.com/stretchr/testify/assert",
];

/** A Go file's own package clause and imports taken out, to be declared again from what it uses. */
function goDeclarations(source: string): { body: string; imports: string[] } {
  const imports: string[] = [];
  const body = source
    .replace(/^\s*package\s+\w+\s*$/m, "")
    .replace(/^\s*import\s*\(([^)]*)\)/gm, (_, group: string) => {
      imports.push(...(group.match(/"[^"]+"/g) ?? []).map((spec) => spec.slice(1, -1)));
      return "";
    })
    .replace(/^\s*import\s+"([^"]+)"\s*$/gm, (_, spec: string) => {
      imports.push(spec);
      return "";
    });
  return { body, imports };
}

/** A Go file in package main importing exactly the known packages it uses (Go refuses unused imports). */
function goFile(body: string, known: string[]): string {
  const used = [...new Set(known)].filter((spec) => new RegExp(`(^|[^\\w.])${spec.split("/").at(-1)}\\.`, "m").test(body));
  const imports = used.length ? `import (\n${used.map((spec) => `\t"${spec}"`).join("\n")}\n)\n` : "";
  return `package main\n\n${imports}\n${body}\n`;
}

function goRun(problem: EvalProblem, program: string): VerifyInput {
  const code = goDeclarations(program);
  const tests = goDeclarations(problem.tests);
  // MBXP's Go tests are a main() that panics on a wrong answer: run as a test, it fails the same way.
  const testBody = tests.body.replace(/^func\s+main\s*\(\s*\)\s*\{/m, "func TestMain_(t *testing.T) {");
  const known = [...GO_PACKAGES, ...code.imports, ...tests.imports];
  return { language: "go", code: goFile(code.body, known), tests: goFile(testBody, known) };
}

/** The headers CodeGeeX's C++ harness adds when the prompt lacks them. */
const CPP_HEADERS = [
  "stdlib.h",
  "algorithm",
  "math.h",
  "stdio.h",
  "vector",
  "string",
  "climits",
  "cstring",
  "iostream",
  "cassert",
  "map",
  "set",
];

function cppRun(problem: EvalProblem, program: string): VerifyInput {
  const missing = CPP_HEADERS.filter((header) => !new RegExp(`#include\\s*<${header.replace(".", "\\.")}>`).test(program));
  const head = missing.map((header) => `#include<${header}>`).join("\n");
  return { language: "cpp", code: `${head}\n${program}`, tests: problem.tests };
}

/** MBXP's TypeScript prompts import mathjs, which no solution needs to run and the sandbox has not got. */
function typescriptRun(problem: EvalProblem, program: string): VerifyInput {
  const code = /\bmath\./.test(program.replace(/^import[^\n]*mathjs[^\n]*$/m, ""))
    ? program
    : program.replace(/^import[^\n]*mathjs[^\n]*$/m, "");
  return { language: "typescript", code, tests: problem.tests };
}

/** MBXP's C# tests compare with CompareNetObjects: its API, appended after them (lib/eval/csharp-compare.ts). */
function csharpRun(problem: EvalProblem, program: string): VerifyInput {
  const tests = /\bCompareLogic\b/.test(problem.tests) ? `${problem.tests}\n${CSHARP_COMPARE_NET_OBJECTS}` : problem.tests;
  return { language: "csharp", code: program, tests };
}

/** The sandbox input that runs `program` (the prompt joined with the model's code) against the problem's tests. */
export function harnessInput(problem: EvalProblem, program: string): VerifyInput {
  switch (problem.language) {
    case "go":
      return goRun(problem, program);
    case "cpp":
      return cppRun(problem, program);
    case "typescript":
      return typescriptRun(problem, program);
    case "csharp":
      return csharpRun(problem, program);
    default:
      return { language: problem.language, code: program, tests: problem.tests };
  }
}

/** The canonical solution as the harness runs it (prompt + canonical completion). */
export function canonicalInput(problem: EvalProblem): VerifyInput | undefined {
  if (!problem.canonical) return undefined;
  return harnessInput(problem, `${problem.prompt}${problem.canonical}\n`);
}
