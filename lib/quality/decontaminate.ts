import "server-only";
import { bundledBenchmarks } from "@/lib/quality/benchmarks";
import type { BenchmarkProblem, ContaminationHit, ContaminationIndex } from "@/lib/quality/types";

/** TEMP stand-in (the decontamination part ships the real engine): word 8-gram overlap of statements and solutions. */
const N = 8;
const words = (text: string) => text.toLowerCase().match(/[a-z0-9_]+/g) ?? [];
const grams = (text: string) => {
  const w = words(text);
  const out = new Set<string>();
  for (let i = 0; i + N <= w.length; i++) out.add(w.slice(i, i + N).join(" "));
  return out;
};

export function buildContaminationIndex(problems: Iterable<BenchmarkProblem>): ContaminationIndex {
  const entries = [...problems].map((p) => ({
    p,
    statement: p.statement ? grams(p.statement) : new Set<string>(),
    solution: p.solution ? grams(p.solution) : new Set<string>(),
  }));
  const sizes: Record<string, number> = {};
  for (const { p } of entries) sizes[p.benchmark] = (sizes[p.benchmark] ?? 0) + 1;
  return {
    sizes,
    check(item): ContaminationHit | null {
      const instruction = grams(item.instruction);
      const solution = item.solution ? grams(item.solution) : new Set<string>();
      for (const e of entries) {
        for (const [field, mine, theirs, text] of [
          ["instruction", instruction, e.statement, e.p.statement],
          ["solution", solution, e.solution, e.p.solution],
        ] as const) {
          if (!theirs.size) continue;
          let shared = 0;
          for (const g of theirs) if (mine.has(g)) shared += 1;
          const score = shared / theirs.size;
          if (score >= 0.5)
            return { benchmark: e.p.benchmark, taskId: e.p.taskId, field, score, overlap: [...theirs][0]!, benchmarkText: text ?? "" };
        }
      }
      return null;
    },
  };
}

let cached: ContaminationIndex | undefined;
export function bundledIndex(): ContaminationIndex {
  return (cached ??= buildContaminationIndex(bundledBenchmarks()));
}
