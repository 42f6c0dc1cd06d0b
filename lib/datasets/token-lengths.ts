import "server-only";
// Token counts for the paper's Fig. 6 (lengths of problems and solutions in tokens). gpt-tokenizer is
// a pure-JS implementation of OpenAI's tiktoken BPEs (no native code, no download at run time, no
// dependencies; runs on Node 20). cl100k_base is the BPE Qwen's own tokenizer was built from (Qwen
// extends cl100k_base's vocabulary), so its counts for code and English instructions are close to
// what Qwen2.5-Coder, the paper's model, would count — and real, not a characters/4 estimate.
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import type { Db } from "@/lib/db/client";
import type { LengthBin } from "@/lib/datasets/version-types";

export const TOKENIZER = "cl100k_base (gpt-tokenizer)";

// Special-token markers in a dataset are just text: count them as text instead of refusing them.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

export function tokenLength(text: string): number {
  return countTokens(text, AS_TEXT);
}

/** Bin edges in tokens: doubling widths, as length distributions are long-tailed; one more bin past the last edge only when needed. */
export const BIN_EDGES = [0, 32, 64, 128, 256, 512, 1024, 2048, 4096] as const;

/**
 * How many texts have each token length: a count per length, so memory is bounded by the longest
 * length rather than growing with the number of texts, and medians and bins are still exact.
 */
export class LengthCounts {
  private counts = new Uint32Array(256);
  /** Texts counted. */
  total = 0;

  static of(lengths: Iterable<number>): LengthCounts {
    const counts = new LengthCounts();
    for (const n of lengths) counts.add(n);
    return counts;
  }

  /** Counts `count` more texts of `length` tokens. */
  add(length: number, count = 1): void {
    if (length >= this.counts.length) {
      const grown = new Uint32Array(Math.max(length + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[length]! += count;
    this.total += count;
  }

  /** Adds every text `other` counted. */
  merge(other: LengthCounts): void {
    other.forEach((length, count) => this.add(length, count));
  }

  /** Each length counted at least once, shortest first, with its count. */
  forEach(visit: (length: number, count: number) => void): void {
    for (let length = 0; length < this.counts.length; length++) if (this.counts[length]) visit(length, this.counts[length]!);
  }

  /** The length at `index` in the sorted lengths. */
  private at(index: number): number {
    let seen = 0;
    for (let length = 0; ; length++) {
      seen += this.counts[length]!;
      if (seen > index) return length;
    }
  }

  median(): number | null {
    if (!this.total) return null;
    const mid = this.total >> 1;
    return this.total % 2 ? this.at(mid) : (this.at(mid - 1) + this.at(mid)) / 2;
  }
}

export function histogram(lengths: Iterable<number> | LengthCounts): LengthBin[] {
  const counts = lengths instanceof LengthCounts ? lengths : LengthCounts.of(lengths);
  const bins: LengthBin[] = BIN_EDGES.slice(0, -1).map((from, i) => ({ from, to: BIN_EDGES[i + 1]!, count: 0 }));
  const last = BIN_EDGES.at(-1)!;
  let beyond = 0;
  let longest = 0;
  counts.forEach((n, count) => {
    if (n >= last) {
      beyond += count;
      longest = n;
      return;
    }
    let i = bins.length - 1;
    while (bins[i]!.from > n) i -= 1;
    bins[i]!.count += count;
  });
  if (beyond) bins.push({ from: last, to: longest + 1, count: beyond });
  return bins;
}

/** The median of any numbers, each kept (LengthCounts.median is the same for token lengths, in bounded memory). */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface VersionLengths {
  problem: LengthBin[];
  solution: LengthBin[];
  /** Per language: median tokens of problems and solutions. */
  medians: Map<string, { problem: number | null; solution: number | null }>;
}

const BATCH = 1000;

/**
 * Streams a version's items in position order, a batch at a time (never the whole version in memory:
 * only a count per token length and language is kept, so memory does not grow with the version), and
 * counts their tokens.
 */
export async function versionLengths({ db, versionId }: { db: Db; versionId: string }): Promise<VersionLengths> {
  const perLanguage = new Map<string, { problem: LengthCounts; solution: LengthCounts }>();
  let after = -1;
  for (;;) {
    const rows = await db.datasetItem.findMany({
      where: { versionId, position: { gt: after } },
      orderBy: { position: "asc" },
      take: BATCH,
      select: { position: true, language: true, instruction: true, solution: true },
    });
    for (const row of rows) {
      let entry = perLanguage.get(row.language);
      if (!entry) perLanguage.set(row.language, (entry = { problem: new LengthCounts(), solution: new LengthCounts() }));
      entry.problem.add(tokenLength(row.instruction));
      entry.solution.add(tokenLength(row.solution));
    }
    if (rows.length < BATCH) break;
    after = rows.at(-1)!.position;
  }
  const problem = new LengthCounts();
  const solution = new LengthCounts();
  for (const entry of perLanguage.values()) {
    problem.merge(entry.problem);
    solution.merge(entry.solution);
  }
  return {
    problem: histogram(problem),
    solution: histogram(solution),
    medians: new Map([...perLanguage].map(([language, e]) => [language, { problem: e.problem.median(), solution: e.solution.median() }])),
  };
}

// A READY version never changes, so its lengths are computed once per process and kept (bounded).
const cache = new Map<string, Promise<VersionLengths>>();
const CACHE_LIMIT = 32;

export function cachedVersionLengths({ db, versionId }: { db: Db; versionId: string }): Promise<VersionLengths> {
  let pending = cache.get(versionId);
  if (!pending) {
    pending = versionLengths({ db, versionId });
    pending.catch(() => cache.delete(versionId));
    cache.set(versionId, pending);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  }
  return pending;
}
