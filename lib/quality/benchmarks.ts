// TEMP stand-in: the decontamination engineer's lib/quality/benchmarks.ts replaces this at merge.
import { AppError } from "@/lib/errors";
import type { BenchmarkProblem } from "@/lib/quality/types";

export function bundledBenchmarks(): BenchmarkProblem[] {
  return [];
}

const first = (line: Record<string, unknown>, keys: string[]) => {
  for (const key of keys) if (typeof line[key] === "string" && (line[key] as string).trim()) return line[key] as string;
  return undefined;
};

export function parseBenchmarkJsonl(text: string, name: string): BenchmarkProblem[] {
  const problems: BenchmarkProblem[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    if (!raw.trim()) continue;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new AppError("BAD_REQUEST", `${name}, line ${index + 1}: not JSON.`);
    }
    const rawId = line.task_id ?? line.id;
    const taskId = typeof rawId === "number" ? String(rawId) : typeof rawId === "string" ? rawId : undefined;
    const statement = first(line, ["prompt", "statement", "description", "instruction", "text"]);
    const solution = first(line, ["canonical_solution", "solution", "code"]);
    if (!taskId) throw new AppError("BAD_REQUEST", `${name}, line ${index + 1}: no task_id or id.`);
    if (!statement && !solution) throw new AppError("BAD_REQUEST", `${name}, line ${index + 1}: neither a statement nor a solution.`);
    const language = typeof line.language === "string" ? line.language : undefined;
    problems.push({ benchmark: name, taskId, language, statement, solution });
  }
  return problems;
}
