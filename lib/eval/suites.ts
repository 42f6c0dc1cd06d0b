import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";
import { benchmarksDir, HUMANEVAL_X_LANGUAGE, readRows, type Row } from "@/lib/quality/benchmarks";
import { BUNDLED_SUITES, type BundledSuite, type EvalProblem } from "@/lib/eval/types";

/**
 * The bundled evaluation suites, read from the same files decontamination checks against
 * (data/benchmarks/, lib/quality/benchmarks.ts): every field the harnesses need is kept there.
 * A problem whose canonical solution fails its own tests is listed in data/benchmarks/excluded.json
 * (scripts/eval-check-canonical.ts) and left out of the problems asked, counted as excluded.
 */

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** mxeval's files by suite: the original (Python) first, then its translations. */
const MXEVAL_FOLDER: Record<Exclude<BundledSuite, "humaneval-x">, string> = { humaneval: "humaneval", mbxp: "mbxp" };

/** The whole function's name, from a declaration or prompt (HumanEval-X names no entry point). */
export function entryPointOf(source: string): string | undefined {
  const patterns = [
    /\bdef\s+(\w+)\s*\(/g,
    /\bfunc\s+(\w+)\s*\(/g,
    /\bfn\s+(\w+)\s*[(<]/g,
    /\bconst\s+(\w+)\s*=/g,
    /\b(\w+)\s*\([^()]*\)\s*(?:throws\s+[\w.,\s]+)?\{\s*$/gm,
  ];
  for (const pattern of patterns) {
    const last = [...source.matchAll(pattern)].at(-1);
    if (last) return last[1];
  }
  return undefined;
}

function mxevalProblems(suite: "humaneval" | "mbxp", dir: string): EvalProblem[] {
  const folder = path.join(dir, MXEVAL_FOLDER[suite]);
  const problems: EvalProblem[] = [];
  for (const file of readdirSync(folder).filter((name) => name.endsWith(".jsonl.gz")))
    for (const row of readRows(path.join(folder, file))) {
      const language = text(row.language) || "python";
      const entryPoint = text(row.entry_point) || undefined;
      // mxeval runs Python's check() on the entry point after the tests define it.
      const tests = language === "python" && entryPoint ? `${text(row.test)}\ncheck(${entryPoint})\n` : text(row.test);
      problems.push({
        suite,
        taskId: String(row.task_id),
        language,
        prompt: text(row.prompt),
        tests,
        entryPoint,
        canonical: text(row.canonical_solution) || undefined,
      });
    }
  return problems;
}

/** Crates HumanEval-X's Rust declarations `use` that a bare rustc has not got (CodeGeeX builds with cargo). */
const RUST_CRATES = /^\s*use\s+(rand|regex|md5)\b.*$/gm;

function humanevalXProblem(row: Row, language: string): EvalProblem {
  const declaration = text(row.declaration);
  let prompt = text(row.prompt);
  let tests = text(row.test);
  // Rust's prompt is only the doc comment: the signature (and the uses) are in the declaration.
  if (language === "rust") prompt = `${prompt}${declaration.replace(RUST_CRATES, "")}`;
  if (language === "go") tests = `${text(row.test_setup)}\n${tests}`;
  return {
    suite: "humaneval-x",
    taskId: String(row.task_id),
    language,
    prompt,
    tests,
    entryPoint: entryPointOf(declaration || prompt),
    canonical: text(row.canonical_solution) || undefined,
  };
}

function humanevalXProblems(dir: string): EvalProblem[] {
  const folder = path.join(dir, "humaneval-x");
  return readdirSync(folder)
    .filter((name) => name.endsWith(".jsonl.gz"))
    .sort()
    .flatMap((file) => {
      const short = file.replace(/^humaneval_|\.jsonl\.gz$/g, "");
      const language = HUMANEVAL_X_LANGUAGE[short] ?? short;
      return readRows(path.join(folder, file)).map((row) => humanevalXProblem(row, language));
    });
}

const cache = new Map<BundledSuite, EvalProblem[]>();

/** Every problem of a bundled suite, in the bundle's order (read once and kept). */
export function bundledSuite(suite: BundledSuite): EvalProblem[] {
  let problems = cache.get(suite);
  if (!problems) {
    const dir = benchmarksDir();
    problems = suite === "humaneval-x" ? humanevalXProblems(dir) : mxevalProblems(suite, dir);
    cache.set(suite, problems);
  }
  return problems;
}

export function isBundledSuite(suite: string): suite is BundledSuite {
  return (BUNDLED_SUITES as readonly string[]).includes(suite);
}

/** The languages a suite has, in a stable order. */
export function suiteLanguages(problems: EvalProblem[]): string[] {
  return [...new Set(problems.map((problem) => problem.language))].sort();
}

/** data/benchmarks/excluded.json: problems whose canonical solution fails, with the reason. */
export interface ExcludedProblem {
  suite: string;
  language: string;
  taskId: string;
  reason: string;
}

export const EXCLUDED_FILE = "excluded.json";

let excludedCache: Map<string, string> | undefined;
const excludedKey = (suite: string, language: string, taskId: string) => `${suite}\u0000${language}\u0000${taskId}`;

/** The excluded problems by key; an absent file excludes nothing. */
export function excludedProblems(): Map<string, string> {
  if (excludedCache) return excludedCache;
  const file = path.join(benchmarksDir(), EXCLUDED_FILE);
  const rows = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { problems: ExcludedProblem[] }).problems : [];
  excludedCache = new Map(rows.map((row) => [excludedKey(row.suite, row.language, row.taskId), row.reason]));
  return excludedCache;
}

export function exclusionOf(problem: Pick<EvalProblem, "suite" | "language" | "taskId">): string | undefined {
  return excludedProblems().get(excludedKey(problem.suite, problem.language, problem.taskId));
}

export interface SelectedProblems {
  /** What is asked, per language at most `limit` (excluded ones not counted against it). */
  problems: EvalProblem[];
  /** Per language, problems left out within the selection as broken. */
  excluded: Record<string, number>;
  languages: string[];
}

/**
 * The problems an evaluation asks: the suite's, in the chosen languages (all by default), the first
 * `limit` per language in the bundle's order. Unknown languages are an error naming the suite's.
 */
export function selectProblems(all: EvalProblem[], suite: string, languages?: string[], limit?: number): SelectedProblems {
  const available = suiteLanguages(all);
  const chosen = languages?.length ? languages : available;
  const unknown = chosen.filter((language) => !available.includes(language));
  if (unknown.length)
    throw new AppError(
      "BAD_REQUEST",
      `The suite "${suite}" has no ${unknown.join(", ")} problems (its languages: ${available.join(", ")}).`,
    );
  const problems: EvalProblem[] = [];
  const excluded: Record<string, number> = {};
  for (const language of chosen) {
    excluded[language] = 0;
    let taken = 0;
    for (const problem of all) {
      if (problem.language !== language) continue;
      if (limit !== undefined && taken >= limit) break;
      taken += 1;
      if (exclusionOf(problem)) excluded[language] += 1;
      else problems.push(problem);
    }
  }
  return { problems, excluded, languages: chosen };
}

/** A suite's problems by name: a bundled one (a project's own suites are "benchmark:<id>", not handled here). */
export function suiteProblems(suite: string): EvalProblem[] {
  if (isBundledSuite(suite)) return bundledSuite(suite);
  throw new AppError("BAD_REQUEST", `Unknown benchmark "${suite}" (the bundled ones: ${BUNDLED_SUITES.join(", ")}).`);
}
