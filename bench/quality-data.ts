/**
 * The material of `npm run bench:quality`: items in the ten languages built deterministically from
 * the benchmarks' own statements and solutions (MBPP/MBXP, HumanEval, HumanEval-X under
 * ../shared/data), the way synthesized data looks: a context sentence, one or two problems'
 * statements, their code in the item's language. A share of the items are planted near-duplicates
 * of earlier ones (reworded opening, appended sentence, renamed identifiers, token edits) or
 * cross-language copies (the same instruction, the code of another language).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Language } from "@/lib/languages";

export interface BenchItem {
  language: Language;
  instruction: string;
  solution: string;
  score: number;
  /** The base item this one was derived from (itself for a base item): its family. */
  family: number;
  /** How it was derived ("base", "reworded+renamed", "cross-language", …). */
  kind: string;
}

interface Problem {
  statement: string;
  code: Partial<Record<Language, string>>;
}

const MBXP: [string, Language][] = [
  ["mbpp_release_v1.jsonl", "python"],
  ["mbjp_release_v1.2.jsonl", "java"],
  ["mbjsp_release_v1.2.jsonl", "javascript"],
  ["mbtsp_release_v1.2.jsonl", "typescript"],
  ["mbcpp_release_v1.2.jsonl", "cpp"],
  ["mbcsp_release_v1.2.jsonl", "csharp"],
  ["mbphp_release_v1.2.jsonl", "php"],
];
const HUMANEVAL_X: [string, Language][] = [
  ["humaneval_python.jsonl", "python"],
  ["humaneval_cpp.jsonl", "cpp"],
  ["humaneval_go.jsonl", "go"],
  ["humaneval_java.jsonl", "java"],
  ["humaneval_js.jsonl", "javascript"],
  ["humaneval_rust.jsonl", "rust"],
];

function readJsonl(file: string): Record<string, string | undefined>[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, string | undefined>);
}

const taskNumber = (taskId: string) => taskId.split("/").at(-1)!;

/** Problems keyed by benchmark and number, each with its statement and its code per language. */
export function loadProblems(dataDir: string): Problem[] {
  const problems = new Map<string, Problem>();
  const problem = (key: string, statement: string) => {
    let found = problems.get(key);
    // At most 30 words: HumanEval's long docstrings would otherwise outweigh whatever they are combined with.
    if (!found)
      problems.set(key, (found = { statement: statement.replace(/\s+/g, " ").trim().split(" ").slice(0, 30).join(" "), code: {} }));
    return found;
  };
  for (const [file, language] of MBXP) {
    for (const row of readJsonl(path.join(dataDir, "mxeval/mbxp", file))) {
      if (!row.description || !row.canonical_solution) continue;
      problem(`mbpp/${taskNumber(row.task_id!)}`, row.description).code[language] = `${row.prompt ?? ""}${row.canonical_solution}`;
    }
  }
  for (const row of readJsonl(path.join(dataDir, "mxeval/humaneval/HumanEval.jsonl"))) {
    const statement = (row.description ?? "").split(">>>")[0]!;
    problem(`he/${taskNumber(row.task_id!)}`, statement).code.python = `${row.prompt ?? ""}${row.canonical_solution ?? ""}`;
  }
  for (const [file, language] of HUMANEVAL_X) {
    for (const row of readJsonl(path.join(dataDir, "humaneval-x", file))) {
      const known = problems.get(`he/${taskNumber(row.task_id!)}`);
      if (known) known.code[language] ??= `${row.declaration ?? ""}${row.canonical_solution ?? ""}`;
    }
  }
  // No benchmark ships Bash: a Python solution behind a Bash entry point, as wrappers are written.
  for (const found of problems.values()) {
    if (found.code.python) found.code.bash = `#!/usr/bin/env bash\nset -euo pipefail\npython3 - "$@" <<'PY'\n${found.code.python}\nPY\n`;
  }
  return [...problems.values()].filter((found) => found.statement.split(" ").length >= 4);
}

/** mulberry32: a small seeded generator, so every run builds the same items. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS =
  "billing shipping inventory payroll telemetry ticketing booking lending grading routing auditing streaming marketing logistics insurance clinic library warehouse fleet energy".split(
    " ",
  );
const ENTITIES =
  "orders invoices sensors patients parcels students flights loans tickets songs drivers meters claims books pallets vehicles readings accounts sessions requests".split(
    " ",
  );
const CONTEXTS = [
  (d: string, e: string, n: number) => `Our ${d} team stores ${e} in batches of ${n}.`,
  (d: string, e: string, n: number) => `You are helping with a ${d} system that processes about ${n} ${e} per hour.`,
  (d: string, e: string, n: number) => `Context: a ${d} dashboard shows ${e}; there are ${n} of them per page.`,
  (d: string, e: string, n: number) => `In the ${d} backend, a nightly job receives ${n} ${e} from an upstream service.`,
  (d: string, e: string, n: number) => `A ${d} startup keeps its ${e} in memory, at most ${n} at a time.`,
];
const OPENINGS: [RegExp, string[]][] = [
  [
    /^Write a (python )?function (to|that)/i,
    ["Implement a routine to", "Create a helper that should", "Please code a function to", "Your task: build a function to"],
  ],
  [/^Write a/i, ["Implement a", "Please write a", "Create a"]],
];
const APPENDED = [
  "Make sure the function does not modify its input.",
  "Handle empty input gracefully and document any assumptions.",
  "Aim for a solution that runs in linear time where possible.",
  "Add a short explanation of the approach after the code.",
  "The function will be called many times, so avoid needless allocations.",
  "Include edge cases such as negative numbers and duplicates in your reasoning.",
];

/** Identifier renames a second synthesis would make: a prefix on the names the code defines and uses. */
function renameIdentifiers(code: string, rand: () => number): string {
  const names = [...new Set(code.match(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b/g) ?? [])];
  const prefix = ["my", "calc", "do", "new"][Math.floor(rand() * 4)]!;
  let out = code;
  for (const name of names.slice(0, 6)) out = out.replace(new RegExp(`\\b${name}\\b`, "g"), `${prefix}_${name}`);
  return out.replace(/\b(result|res|ans|count|total|arr|nums|lst|s|n)\b/g, (word) => `${word}${prefix.length}`);
}

/** A small edit to the code's tokens: one number changed, a comparison loosened, or a line dropped. */
function editTokens(code: string, rand: () => number): string {
  const choice = rand();
  if (choice < 0.4 && /\b\d+\b/.test(code)) return code.replace(/\b(\d+)\b/, (digits) => String(Number(digits) + 1));
  if (choice < 0.7 && code.includes(" < ")) return code.replace(" < ", " <= ");
  const lines = code.split("\n");
  if (lines.length > 4) lines.splice(1 + Math.floor(rand() * (lines.length - 2)), 1);
  return lines.join("\n");
}

/** `count` items; about a third are planted near-duplicates or cross-language copies of earlier ones. */
export function buildItems(problems: Problem[], count: number, seed = 17): BenchItem[] {
  const rand = random(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(rand() * values.length)]!;
  const items: BenchItem[] = [];
  const parts: { a: Problem; b: Problem | null }[] = [];
  while (items.length < count) {
    const index = items.length;
    if (index < 100 || rand() < 0.68) {
      const a = pick(problems);
      const language = pick(Object.keys(a.code) as Language[]);
      // A second problem of about the same size: two items sharing one problem then share about a
      // third of their text, as two distinct tasks on a common theme do (and not the most of it).
      let b: Problem | null = null;
      for (let attempt = 0; attempt < 8; attempt++) {
        const other = pick(problems);
        const size = (problem: Problem) =>
          Math.abs(problem.code[language]!.length - a.code[language]!.length) +
          20 * Math.abs(problem.statement.length - a.statement.length);
        if (other !== a && other.code[language] && (!b || size(other) < size(b))) b = other;
      }
      const context = pick(CONTEXTS)(pick(DOMAINS), pick(ENTITIES), 2 + Math.floor(rand() * 5000));
      items.push({
        language,
        instruction: `${a.statement}${b ? ` Then, ${b.statement.charAt(0).toLowerCase()}${b.statement.slice(1)}` : ""}\n\n${context}`,
        solution: `${a.code[language]}${b ? `\n\n${b.code[language]}` : ""}`,
        score: Math.round((1 + rand() * 4) * 10) / 10,
        family: index,
        kind: "base",
      });
      parts.push({ a, b });
      continue;
    }
    const family = items[Math.floor(rand() * items.length)]!.family;
    const base = items[family]!;
    const { a, b } = parts[family]!;
    const others = (Object.keys(a.code) as Language[]).filter((language) => language !== base.language && (!b || b.code[language]));
    let item: BenchItem;
    if (others.length && rand() < 0.3) {
      const language = pick(others);
      item = { ...base, language, solution: `${a.code[language]}${b ? `\n\n${b.code[language]}` : ""}`, kind: "cross-language" };
    } else {
      const kinds: string[] = [];
      let { instruction, solution } = base;
      if (rand() < 0.5) {
        const [pattern, replacements] = OPENINGS.find(([opening]) => opening.test(instruction)) ?? [/^/, ["In short: "]];
        instruction = instruction.replace(pattern, pick(replacements));
        kinds.push("reworded");
      }
      if (rand() < 0.5) {
        instruction = instruction.replace(/\n\n/, ` ${pick(APPENDED)}\n\n`);
        kinds.push("appended");
      }
      if (rand() < 0.5) {
        solution = renameIdentifiers(solution, rand);
        instruction = renameIdentifiers(instruction, rand);
        kinds.push("renamed");
      }
      if (!kinds.length || rand() < 0.4) {
        solution = editTokens(solution, rand);
        kinds.push("token-edit");
      }
      item = { ...base, instruction, solution, kind: kinds.join("+") };
    }
    items.push({ ...item, score: Math.round((1 + rand() * 4) * 10) / 10 });
    parts.push(parts[family]!);
  }
  return items;
}
