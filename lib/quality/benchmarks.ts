import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { AppError } from "@/lib/errors";
import { runSteps, type Steps } from "@/lib/steps";
import type { BenchmarkProblem } from "@/lib/quality/types";

/**
 * The benchmarks bundled in data/benchmarks/ (README there: sources, counts, licences). The CLI can
 * run from any folder and the web server's bundle moves this file, so the folder is looked for
 * beside the sources first, then in the working directory (where the studio runs).
 */
export function benchmarksDir(): string {
  const candidates = [
    path.resolve(import.meta.dirname ?? ".", "..", "..", "data", "benchmarks"),
    path.join(process.cwd(), "data", "benchmarks"),
  ];
  const found = candidates.find((dir) => existsSync(path.join(dir, "humaneval", "HumanEval.jsonl.gz")));
  if (!found) throw new AppError("CONFIG_INVALID", `The bundled benchmarks are missing (looked in ${candidates.join(" and ")}).`);
  return found;
}

export type Row = Record<string, unknown>;

export function readRows(file: string): Row[] {
  return gunzipSync(readFileSync(file))
    .toString("utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Row);
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value.trim() ? value : undefined);

/** HumanEval-X names its files by short names; Rosetta names languages in full. */
export const HUMANEVAL_X_LANGUAGE: Record<string, string> = {
  cpp: "cpp",
  go: "go",
  java: "java",
  js: "javascript",
  python: "python",
  rust: "rust",
};

let cached: BenchmarkProblem[] | undefined;

/** Every bundled benchmark problem (9,216), read once and kept: HumanEval and MBPP first, then their translations. */
export function bundledBenchmarks(): BenchmarkProblem[] {
  return cached ?? runSteps(bundledBenchmarkSteps());
}

/** bundledBenchmarks as steps (lib/steps.ts): a pause after every file and every 100 rows (≈ 1 s in all on 2 cores). */
export function* bundledBenchmarkSteps(): Steps<BenchmarkProblem[]> {
  if (cached) return cached;
  const dir = benchmarksDir();
  const problems: BenchmarkProblem[] = [];
  function* mxeval(folder: string, name: (language: string, file: string) => string): Steps<void> {
    const files = readdirSync(path.join(dir, folder)).filter((file) => file.endsWith(".jsonl.gz"));
    // The originals (HumanEval.jsonl, mbpp_release) before their translations, so that ties report them.
    files.sort((a, b) => Number(!/^(HumanEval\.|mbpp_)/.test(a)) - Number(!/^(HumanEval\.|mbpp_)/.test(b)) || a.localeCompare(b));
    for (const file of files) {
      yield;
      for (const [i, row] of readRows(path.join(dir, folder, file)).entries()) {
        if (i % 100 === 99) yield;
        const language = text(row.language) ?? "python";
        const canonical = text(row.canonical_solution);
        problems.push({
          benchmark: name(language, file),
          taskId: String(row.task_id),
          language,
          statement: cleanStatement(text(row.description) ?? commentText(String(row.prompt ?? ""))),
          solution: canonical ? `${String(row.prompt ?? "")}${canonical}` : undefined,
        });
      }
    }
  }
  yield* mxeval("humaneval", (language, file) => (file.startsWith("HumanEval.") ? "HumanEval" : `HumanEval-${language}`));
  yield* mxeval("mbxp", (language, file) => (file.startsWith("mbpp_") ? "MBPP" : `MBXP-${language}`));
  for (const file of readdirSync(path.join(dir, "humaneval-x"))
    .filter((name) => name.endsWith(".jsonl.gz"))
    .sort()) {
    const short = file.replace(/^humaneval_|\.jsonl\.gz$/g, "");
    const language = HUMANEVAL_X_LANGUAGE[short] ?? short;
    yield;
    for (const row of readRows(path.join(dir, "humaneval-x", file))) {
      const canonical = text(row.canonical_solution);
      problems.push({
        benchmark: `HumanEval-X-${language}`,
        taskId: String(row.task_id),
        language,
        statement: cleanStatement(commentText(text(row.docstring) ?? String(row.prompt ?? ""))),
        solution: canonical ? `${text(row.declaration) ?? String(row.prompt ?? "")}${canonical}` : undefined,
      });
    }
  }
  return (cached ??= problems);
}

/**
 * The comment and docstring text of a HumanEval-style prompt (`"""…"""`, `/* … *\/`, `//`, `#`
 * lines), without the code around it.
 */
export function commentText(prompt: string): string {
  const parts: string[] = [];
  const pattern = /"""([\s\S]*?)"""|'''([\s\S]*?)'''|\/\*([\s\S]*?)\*\/|\/\/(.*)|^\s*#(?!include|import|define)(.*)/gm;
  for (const match of prompt.matchAll(pattern)) {
    const body = match[1] ?? match[2] ?? match[3] ?? match[4] ?? match[5] ?? "";
    parts.push(body.replace(/^[ \t]*\*+[ \t]?/gm, ""));
  }
  return parts.join("\n");
}

/**
 * The natural-language lines of a docstring: examples (`>>>` and `>` calls with their outputs,
 * `f(1) == 2`, `Input: …`) and headers such as "For example:" are left out, since a leak is the
 * problem's wording and examples only dilute it.
 */
export function cleanStatement(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const kept: string[] = [];
  let inExample = false;
  for (const line of raw.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed) {
      inExample = false;
      continue;
    }
    if (/^(>>>|>\s*\w+\s*\()/.test(trimmed)) {
      inExample = true; // the lines after a call are its output, up to a blank line or the next call
      continue;
    }
    if (inExample) continue;
    if (/^you'?re an expert \w+ programmer/i.test(trimmed)) continue; // mxeval's preamble, in every translated prompt
    if (/==|=>|->|➞|<=>/.test(trimmed) && !/[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}/i.test(trimmed.replace(/\w+\([^)]*\)/g, ""))) continue;
    const words = trimmed.match(/[A-Za-z]{2,}/g) ?? [];
    // "Examples:", "Input: arr = [1, 2]", "True" are left out; "given threshold." ending a sentence is not.
    if (words.length < 3 && (words.length === 0 || /[:=[\]{}]|^\W*(true|false|none|null|nil)\W*$/i.test(trimmed))) continue;
    kept.push(trimmed);
  }
  const statement = kept.join(" ").replace(/\s+/g, " ").trim();
  return statement || undefined;
}

const ID_FIELDS = ["task_id", "id"] as const;
const STATEMENT_FIELDS = ["prompt", "statement", "description", "instruction", "text"] as const;
const SOLUTION_FIELDS = ["canonical_solution", "solution", "code"] as const;

/**
 * A benchmark file of the user's (JSONL): `task_id` or `id`; a statement in `prompt`, `statement`,
 * `description`, `instruction` or `text`; a solution in `canonical_solution`, `solution` or `code`;
 * `language` optional. A prompt that is code (a HumanEval-style signature with a docstring) counts
 * for its comment text. A bad line is an error naming it (in `source`, the file as the user knows it).
 */
export function parseBenchmarkJsonl(content: string, name: string, source = name): BenchmarkProblem[] {
  const problems: BenchmarkProblem[] = [];
  const seen = new Set<string>();
  const lines = content.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (!line) continue;
    const where = `${source}, line ${index + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      throw new AppError("BAD_REQUEST", `${where}: not JSON (${(error as Error).message}).`);
    }
    if (typeof row !== "object" || row === null || Array.isArray(row))
      throw new AppError("BAD_REQUEST", `${where}: expected a JSON object.`);
    const record = row as Row;
    const idField = ID_FIELDS.find((field) => typeof record[field] === "string" || typeof record[field] === "number");
    if (!idField) throw new AppError("BAD_REQUEST", `${where}: no task_id or id.`);
    const taskId = String(record[idField]);
    if (seen.has(taskId)) throw new AppError("BAD_REQUEST", `${where}: the task id "${taskId}" appears twice.`);
    seen.add(taskId);
    const statementField = STATEMENT_FIELDS.find((field) => text(record[field]));
    const solutionField = SOLUTION_FIELDS.find((field) => text(record[field]));
    const rawStatement = statementField ? String(record[statementField]) : undefined;
    const statement = rawStatement && statementField === "prompt" && looksLikeCode(rawStatement) ? commentText(rawStatement) : rawStatement;
    const solution = solutionField ? String(record[solutionField]) : undefined;
    const tests = text(record.tests) ?? text(record.test);
    // A problem only to evaluate on (a bare signature and its tests) has nothing for decontamination, and is kept.
    if (!statement?.trim() && !solution && !(text(record.prompt) && tests))
      throw new AppError(
        "BAD_REQUEST",
        `${where}: neither a statement (${STATEMENT_FIELDS.join(", ")}) nor a solution (${SOLUTION_FIELDS.join(", ")}).`,
      );
    if (record.language !== undefined && typeof record.language !== "string")
      throw new AppError("BAD_REQUEST", `${where}: language must be a string.`);
    problems.push({
      benchmark: name,
      taskId,
      language: text(record.language),
      statement: cleanStatement(statement) ?? statement?.trim(),
      solution:
        solution && statementField === "prompt" && looksLikeCode(String(record.prompt)) ? `${String(record.prompt)}${solution}` : solution,
      // What an evaluation on the file asks and runs ({task_id, language, prompt, tests, entry_point?}), when it has tests.
      ...(tests && { prompt: text(record.prompt), tests, entryPoint: text(record.entry_point) }),
    });
  }
  if (problems.length === 0) throw new AppError("BAD_REQUEST", `${source}: no problems (one JSON object per line).`);
  return problems;
}

/** A prompt written as code (a signature with a docstring) rather than prose. */
function looksLikeCode(prompt: string): boolean {
  return /^\s*(def |func |fn |function |class |public |import |from |#include|package |\/\*|\/\/)/m.test(prompt);
}
