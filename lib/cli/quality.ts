import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { formatCliError } from "@/lib/cli/output";
import { AppError } from "@/lib/errors";
import { bundledBenchmarks, parseBenchmarkJsonl } from "@/lib/quality/benchmarks";
import { buildContaminationIndex, bundledIndex } from "@/lib/quality/decontaminate";
import { findNearDuplicates } from "@/lib/quality/near-duplicates";
import type { ContaminationHit, QualityItem } from "@/lib/quality/types";

const Item = z.object({
  id: z.union([z.string().min(1), z.number()], { error: "must be a non-empty string or a number" }),
  language: z.string().trim().min(1),
  instruction: z.string().refine((text) => text.trim().length > 0, "is empty"),
  solution: z.string().optional(),
  tests: z.string().optional(),
});
type Item = z.infer<typeof Item>;

interface Flags {
  id: string | number;
  contaminated: boolean;
  benchmark?: string;
  taskId?: string;
  field?: ContaminationHit["field"];
  score?: number;
  overlap?: string;
  duplicateOf?: string | number;
  crossLingual?: (string | number)[];
}

/** Exit code of bad input (a usage error), as opposed to 1 for a failure of Rosetta's own. */
const BAD_INPUT = 2;

/**
 * `rosetta quality check <items.jsonl> [--out flags.jsonl] [--benchmark file.jsonl]…`: one line
 * of flags per item in input order, then one summary line. The input is read and checked whole
 * first: a bad line stops the command (exit 2) before anything is written.
 */
export async function runQualityCheck(
  file: string,
  options: { out?: string; benchmark?: string[]; duplicateThreshold?: string },
): Promise<number> {
  let items: Item[];
  let threshold: number;
  let extra: ReturnType<typeof parseBenchmarkJsonl>;
  try {
    threshold = Number(options.duplicateThreshold ?? 0.7);
    if (!(threshold >= 0.3 && threshold <= 1))
      throw new AppError("BAD_REQUEST", `--duplicate-threshold must be a number from 0.3 to 1, not "${options.duplicateThreshold}".`);
    items = parseItems(await readInput(file), file);
    extra = [];
    for (const benchmark of options.benchmark ?? [])
      extra.push(...parseBenchmarkJsonl(await readInput(benchmark), path.basename(benchmark).replace(/\.jsonl$/i, ""), benchmark));
  } catch (error) {
    process.stderr.write(`${formatCliError(error)}\n`);
    return BAD_INPUT;
  }

  const started = Date.now();
  const progress = (text: string) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2Kchecking ${text}`);
  };
  progress("against the benchmarks…");
  const index = extra.length ? buildContaminationIndex([...bundledBenchmarks(), ...extra]) : bundledIndex();
  const hits: (ContaminationHit | null)[] = [];
  for (const item of items) {
    hits.push(index.check(item));
    if (hits.length % 100 === 0) progress(`${hits.length}/${items.length}`);
  }
  const qualityItems: QualityItem[] = items.map((item) => ({ ...item, id: String(item.id) }));
  const { clusters, duplicateOf } = findNearDuplicates(qualityItems, { threshold });
  const byKey = new Map(items.map((item) => [String(item.id), item]));
  const partners = new Map<string, (string | number)[]>();
  for (const cluster of clusters) {
    if (!cluster.crossLingual) continue;
    for (const member of cluster.members) {
      const language = byKey.get(member)!.language;
      const others = cluster.members.filter((other) => byKey.get(other)!.language !== language).map((other) => byKey.get(other)!.id);
      if (others.length) partners.set(member, others);
    }
  }

  const summary = { items: items.length, contaminated: 0, duplicates: 0, crossLingual: 0, byBenchmark: {} as Record<string, number> };
  const lines = items.map((item, at) => {
    const hit = hits[at];
    const flags: Flags = { id: item.id, contaminated: hit !== null };
    if (hit) {
      Object.assign(flags, { benchmark: hit.benchmark, taskId: hit.taskId, field: hit.field, score: hit.score, overlap: hit.overlap });
      summary.contaminated += 1;
      summary.byBenchmark[hit.benchmark] = (summary.byBenchmark[hit.benchmark] ?? 0) + 1;
    }
    const kept = duplicateOf.get(String(item.id));
    if (kept !== undefined) {
      flags.duplicateOf = byKey.get(kept)?.id ?? kept;
      summary.duplicates += 1;
    }
    const translations = partners.get(String(item.id));
    if (translations) {
      flags.crossLingual = translations;
      summary.crossLingual += 1;
    }
    return JSON.stringify(flags);
  });
  const output = `${[...lines, JSON.stringify({ summary })].join("\n")}\n`;
  if (options.out) {
    // Written whole under another name first, so that a reader never sees half a file.
    const partial = `${options.out}.partial-${process.pid}`;
    await writeFile(partial, output);
    await rename(partial, options.out);
  } else process.stdout.write(output);

  const benchmarks = Object.entries(summary.byBenchmark)
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[2K");
  process.stderr.write(
    `${items.length} item(s) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.contaminated} contaminated${benchmarks ? ` (${benchmarks})` : ""}, ${summary.duplicates} near-duplicate(s), ${summary.crossLingual} with a translation in another language\n`,
  );
  return 0;
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError("BAD_REQUEST", code === "ENOENT" ? `No such file: ${file}` : `Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Every line checked before any work: JSON objects with an id, a language and an instruction, ids unique. */
function parseItems(content: string, file: string): Item[] {
  const items: Item[] = [];
  const lineOf = new Map<string, number>();
  content.split("\n").forEach((text, at) => {
    if (!text.trim()) return;
    const where = `${file}, line ${at + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new AppError("BAD_REQUEST", `${where}: not JSON (${(error as Error).message}).`);
    }
    const parsed = Item.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        if (issue.path.length === 0) return "expected a JSON object {id, language, instruction, solution?, tests?}";
        const missing = (raw as Record<string, unknown>)[String(issue.path[0])] === undefined;
        return `${issue.path.join(".")}: ${missing ? "missing" : issue.message}`;
      });
      throw new AppError("BAD_REQUEST", `${where}: ${problems.join("; ")}.`);
    }
    const key = String(parsed.data.id);
    const first = lineOf.get(key);
    if (first !== undefined) throw new AppError("BAD_REQUEST", `${where}: the id "${key}" appears twice (first on line ${first}).`);
    lineOf.set(key, at + 1);
    items.push(parsed.data);
  });
  if (items.length === 0) throw new AppError("BAD_REQUEST", `${file}: no items (one JSON object per line).`);
  return items;
}
