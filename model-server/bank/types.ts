import type { Language } from "@/lib/languages";

/**
 * The scripted model server's bank of real small problems. Each problem has, per language, a
 * correct solution, tests that it passes, and a plausible wrong solution that fails them.
 *
 * Harness convention (the verifier of issue 5 follows it): the program run is
 * `solution + "\n\n" + tests`, judged by exit code, except Go (tests are a separate `_test.go`
 * file of `package main`, run with `go test`) and Rust (tests are a `#[cfg(test)] mod tests`
 * appended, run with `rustc --test`). Java: the solution is `class Solution` (not public), the
 * tests are `public class Main` with `main` (run with `java -ea`). C#: tests call
 * `Environment.Exit(1)` on failure (Mono can exit 0 on an uncaught exception).
 */
export interface BankEntry {
  solution: string;
  tests: string;
  /** Plausible but wrong: compiles/parses, and fails at least one test. */
  wrong: string;
}

export interface BankProblem {
  id: string;
  title: string;
  /** The problem statement, language-neutral; `{language}` is replaced by the language's display name. */
  instruction: string;
  /** The function's name per naming convention is given in each language's entry. */
  difficulty: 1 | 2 | 3 | 4 | 5;
  tags: string[];
}

export type LanguageBank = Record<string, BankEntry>;
export type Bank = Record<Language, LanguageBank>;
