import { bundledBenchmarkSteps } from "@/lib/quality/benchmarks";
import { runSteps, runStepsInSlices, type Steps } from "@/lib/steps";
import { codeTokens, instructionTokens, type Token } from "@/lib/quality/normalize";
import type { BenchmarkProblem, ContaminationHit, ContaminationIndex, QualityItem } from "@/lib/quality/types";

/**
 * How close an item must come to a benchmark problem to count as a leak, chosen by measurement over
 * the bundled set (9,216 problems): every statement planted in five ways as a Lua item, and as
 * negatives each family checked against an index of the other (HumanEval and its translations
 * against MBPP/MBXP and back), and odd task numbers against an index of the even ones
 * (decontaminate.test.ts asserts the recall and cross-family figures below).
 *
 * - Instructions: word 4-grams after filler words are dropped (articles, "of", "in", "if",
 *   "whether"…: what a rewording adds or swaps for free), scored as the statement's share of
 *   n-grams found in the item, each n-gram weighted by the rarity of its words (IDF over distinct
 *   statements), flagged at ≥ 0.5. Found as itself: verbatim 1.000, renamed identifiers 0.9999;
 *   reworded opening and appended sentences 1.000 for statements of 8 words or more. Filler
 *   rewordings ("the"/"a" dropped, "if" → "whether", "given" → "the given") of the 9,047 statements
 *   of 8+ words: 1.000 (0.455 with filler kept and 5-grams); one word in ten replaced by an
 *   unknown one: 0.51 (0.58 before; 3-grams reach 0.65 but flag the bank's gcd problem as
 *   HumanEval/13). Cross-family negatives: 0 of 9,214 flagged. Without the weights, twins such as
 *   "sort a list of elements using comb sort" and "…using radix sort" were flagged as each other.
 * - A match of fewer than 3 n-grams (a statement of 5–6 words, "find the sum of an array") and a
 *   statement shorter than 5 words (indexed whole) count only when they are at least half of the
 *   item's instruction: such phrases are what anyone writes.
 * - Code: token 10-grams (identifiers as one placeholder, comments, docstrings and import lines
 *   out), share of the canonical solution's n-grams ≥ 0.8, solutions of fewer than 24 tokens not
 *   indexed (`def add(a, b): return a + b` is 14), n-grams found in more than 40 solutions
 *   dropped (class and signature boilerplate). Renamed and re-indented solutions found: 6,319 of
 *   6,857 (the rest are under 24 tokens); cross-family negatives flagged: 4 of 6,857, each the
 *   same few lines in both (a max loop, a filter by type). At 0.6 they were 33.
 *
 * Speed (2-core machine at load 10–13, CPU time): the bundled files read in about 0.5 s, the index
 * over them builds in about 0.4 s (0.7 s on its first, unwarmed run); a check costs about 6 µs for
 * a clean instruction and about 0.1 ms for an item carrying a whole benchmark solution.
 */
export const DECONTAMINATION_DEFAULTS = {
  wordN: 4,
  wordThreshold: 0.5,
  minMatchedGrams: 3,
  shortItemShare: 0.5,
  codeN: 10,
  codeThreshold: 0.8,
  minSolutionTokens: 24,
  maxPostings: 40,
};
export type DecontaminationOptions = typeof DECONTAMINATION_DEFAULTS;

type Field = ContaminationHit["field"];

/** One side of the index: statements (words) or solutions (code tokens). */
interface Side {
  field: Field;
  n: number;
  threshold: number;
  vocab: Map<string, number>;
  /**
   * n-gram key → the problems (indices) that have it: the index itself when one problem has it
   * (most code n-grams; no array to allocate), else -(position in `lists`) - 1.
   */
  postings: Map<number, number>;
  lists: number[][];
  /** n-gram key → its weight (the mean inverse document frequency of its words); none for code, where each weighs 1. */
  weights: Map<number, number>;
  /** Problem index → its distinct n-grams (0: not indexed on this side). */
  grams: Int32Array;
  /** Problem index → the summed weight of its n-grams. */
  total: Float64Array;
  /** Problem index → its token count. */
  length: Int32Array;
  /** Lengths of the statements shorter than n, each indexed as one whole n-gram of its own length. */
  shortLengths: Set<number>;
  tokenize: (problem: BenchmarkProblem) => Token[];
  text: (problem: BenchmarkProblem) => string | undefined;
}

/**
 * A 30-bit key of the n-gram starting at `start`, or -1 if a token is unknown. Small integers keep
 * the maps fast; a collision (about one in a thousand n-grams of an item, over the bundled index)
 * adds one stray n-gram to an unrelated problem, far below any threshold.
 */
function gramKey(ids: Int32Array, start: number, n: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + n; i++) {
    const id = ids[i]!;
    if (id < 0) return -1;
    hash = Math.imul(hash ^ id, 0x01000193);
    hash ^= hash >>> 13;
  }
  return (hash ^ (hash >>> 15)) & 0x3fffffff;
}

function idsOf(tokens: Token[], vocab: Map<string, number>, grow: boolean): Int32Array {
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    let id = vocab.get(text);
    if (id === undefined) {
      if (grow) vocab.set(text, (id = vocab.size));
      else id = -1; // a word no benchmark has: no n-gram through it can match
    }
    ids[i] = id;
  }
  return ids;
}

function keysOf(ids: Int32Array, n: number): number[] {
  const keys: number[] = [];
  for (let i = 0; i + n <= ids.length; i++) keys.push(gramKey(ids, i, n));
  return keys;
}

/** Steps (lib/steps.ts): a pause every 50 problems tokenized or indexed and every 20,000 n-grams counted. */
function* buildSide(
  problems: BenchmarkProblem[],
  side: Omit<Side, "vocab" | "postings" | "lists" | "weights" | "grams" | "total" | "length" | "shortLengths">,
  { minTokens, maxPostings, weighted }: { minTokens: number; maxPostings: number; weighted: boolean },
): Steps<Side> {
  const built: Side = {
    ...side,
    vocab: new Map(),
    postings: new Map(),
    lists: [],
    weights: new Map(),
    grams: new Int32Array(problems.length),
    total: new Float64Array(problems.length),
    length: new Int32Array(problems.length),
    shortLengths: new Set(),
  };
  const ids: (Int32Array | undefined)[] = [];
  for (const [index, problem] of problems.entries()) {
    if (index % 50 === 49) yield;
    if (!side.text(problem)) {
      ids.push(undefined);
      continue;
    }
    const tokens = side.tokenize(problem);
    built.length[index] = tokens.length;
    ids.push(tokens.length < minTokens ? undefined : idsOf(tokens, built.vocab, true));
  }
  const idf = weighted ? inverseFrequencies(ids, built.vocab.size) : undefined;
  for (const [index, problemIds] of ids.entries()) {
    if (index % 50 === 49) yield;
    if (!problemIds) continue;
    if (problemIds.length < side.n) built.shortLengths.add(problemIds.length);
    const n = Math.min(side.n, problemIds.length);
    for (let start = 0; start + n <= problemIds.length; start++) {
      const key = gramKey(problemIds, start, n);
      const value = built.postings.get(key);
      if (value === undefined) built.postings.set(key, index);
      else if (value === index)
        continue; // this problem has it already
      else if (value >= 0) built.postings.set(key, -built.lists.push([value, index]));
      else {
        const list = built.lists[-value - 1]!;
        if (list[list.length - 1] === index) continue;
        list.push(index);
      }
      if (idf && !built.weights.has(key)) {
        let weight = 0;
        for (let k = start; k < start + n; k++) weight += idf[problemIds[k]!]!;
        built.weights.set(key, weight / n);
      }
    }
  }
  let counted = 0;
  for (const [key, value] of built.postings) {
    if (++counted % 20_000 === 0) yield;
    const weight = built.weights.get(key) ?? 1;
    if (value >= 0) {
      built.grams[value]! += 1;
      built.total[value]! += weight;
      continue;
    }
    const list = built.lists[-value - 1]!;
    // An n-gram in very many problems ("of the given list", Java's import lines) tells none apart.
    if (list.length > maxPostings) {
      built.postings.delete(key);
      continue;
    }
    for (const index of list) {
      built.grams[index]! += 1;
      built.total[index]! += weight;
    }
  }
  return built;
}

/**
 * Each word's inverse document frequency over the distinct statements (the translations of one
 * problem count once): "comb" in "sort a list using comb sort" weighs more than "sort a list", so
 * that a twin problem differing in that word ("using radix sort") is not taken for it.
 */
function inverseFrequencies(ids: (Int32Array | undefined)[], size: number): Float64Array {
  const df = new Int32Array(size);
  const seen = new Set<string>();
  ids.forEach((problemIds) => {
    if (!problemIds) return;
    const statement = problemIds.join(",");
    if (seen.has(statement)) return;
    seen.add(statement);
    for (const id of new Set(problemIds)) df[id]! += 1;
  });
  const idf = new Float64Array(size);
  // The floor keeps a word in every statement of a small project file from weighing nothing.
  for (let id = 0; id < size; id++) idf[id] = Math.log((seen.size + 1) / (df[id]! + 1)) + 0.1;
  return idf;
}

function problemsOf(side: Side, key: number): readonly number[] {
  const value = side.postings.get(key);
  return value === undefined ? [] : value >= 0 ? [value] : side.lists[-value - 1]!;
}

interface Candidate {
  index: number;
  field: Field;
  score: number;
  /** n-grams in common: of two statements both fully contained, the longer is the one leaked. */
  matched: number;
}

/**
 * An index of benchmark problems for `check`: an inverted index from n-gram key to problems, on
 * statements and on canonical solutions, so that a check costs one lookup per n-gram of the item.
 */
export function buildContaminationIndex(
  problems: Iterable<BenchmarkProblem>,
  options: Partial<DecontaminationOptions> = {},
): ContaminationIndex {
  return runSteps(contaminationIndexSteps(problems, options));
}

/** buildContaminationIndex as steps (lib/steps.ts). */
export function* contaminationIndexSteps(
  problems: Iterable<BenchmarkProblem>,
  options: Partial<DecontaminationOptions> = {},
): Steps<ContaminationIndex> {
  const o = { ...DECONTAMINATION_DEFAULTS, ...options };
  const all = [...problems];
  const words = yield* buildSide(
    all,
    {
      field: "instruction",
      n: o.wordN,
      threshold: o.wordThreshold,
      tokenize: (problem) => instructionTokens(problem.statement ?? ""),
      text: (problem) => problem.statement,
    },
    { minTokens: 2, maxPostings: Infinity, weighted: true },
  );
  const code = yield* buildSide(
    all,
    {
      field: "solution",
      n: o.codeN,
      threshold: o.codeThreshold,
      tokenize: (problem) => codeTokens(problem.solution ?? "", problem.language),
      text: (problem) => problem.solution,
    },
    { minTokens: o.minSolutionTokens, maxPostings: o.maxPostings, weighted: false },
  );
  const counts = new Int32Array(all.length);
  const matchedWeight = new Float64Array(all.length);
  const sizes: Record<string, number> = {};
  for (const problem of all) sizes[problem.benchmark] = (sizes[problem.benchmark] ?? 0) + 1;

  /** Problems whose n-grams this text contains enough of. */
  const candidates = (side: Side, tokens: Token[]): Candidate[] => {
    const keys = new Set(keysOf(idsOf(tokens, side.vocab, false), side.n));
    keys.delete(-1);
    const touched: number[] = [];
    for (const key of keys) {
      const list = problemsOf(side, key);
      if (list.length === 0) continue;
      const weight = side.weights.get(key) ?? 1;
      for (const index of list) {
        if (counts[index] === 0) touched.push(index);
        counts[index]! += 1;
        matchedWeight[index]! += weight;
      }
    }
    const found: Candidate[] = [];
    for (const index of touched) {
      const matched = counts[index]!;
      // Rounded as reported, so that float sums in another order do not break a tie.
      const score = side.total[index]! > 0 ? Math.round((matchedWeight[index]! / side.total[index]!) * 1000) / 1000 : 0;
      counts[index] = 0;
      matchedWeight[index] = 0;
      if (score < side.threshold) continue;
      // A short statement is a common phrase: a leak only when it is most of the item too.
      if (side.field === "instruction" && matched < o.minMatchedGrams && matched / keys.size < o.shortItemShare) continue;
      found.push({ index, field: side.field, score, matched });
    }
    // Statements shorter than n words ("swap two numbers"): a leak only as (nearly) the whole instruction.
    if (side.field === "instruction" && side.shortLengths.size > 0) {
      const ids = idsOf(tokens, side.vocab, false);
      for (const length of side.shortLengths) {
        const keys = new Set(keysOf(ids, length));
        for (const key of keys)
          for (const index of problemsOf(side, key))
            if (side.length[index] === length && 1 / keys.size >= o.shortItemShare)
              found.push({ index, field: side.field, score: 1, matched: 1 });
      }
    }
    return found;
  };

  return {
    sizes,
    check(item: Pick<QualityItem, "language" | "instruction" | "solution">): ContaminationHit | null {
      const instruction = instructionTokens(item.instruction ?? "");
      const solution = item.solution ? codeTokens(item.solution, item.language) : [];
      const found = [...candidates(words, instruction), ...(solution.length ? candidates(code, solution) : [])];
      if (found.length === 0) return null;
      const language = (item.language ?? "").toLowerCase();
      // The strongest, then the longest; on a tie the item's own language, then the original benchmark (listed first), instruction before code.
      found.sort(
        (a, b) =>
          b.score - a.score ||
          b.matched - a.matched ||
          Number(all[b.index]!.language?.toLowerCase() === language) - Number(all[a.index]!.language?.toLowerCase() === language) ||
          a.index - b.index ||
          (a.field === "instruction" ? -1 : 1),
      );
      const best = found[0]!;
      const problem = all[best.index]!;
      const side = best.field === "instruction" ? words : code;
      const itemText = best.field === "instruction" ? item.instruction : item.solution!;
      return {
        benchmark: problem.benchmark,
        taskId: problem.taskId,
        field: best.field,
        score: Math.min(1, best.score),
        overlap: longestRun(side, best.field === "instruction" ? instruction : solution, side.tokenize(problem), itemText),
        benchmarkText: side.text(problem) ?? "",
      };
    },
  };
}

/** The item's longest stretch of n-grams found in the benchmark text, as the item wrote it. */
function longestRun(side: Side, itemTokens: Token[], benchmarkTokens: Token[], itemText: string): string {
  const n = Math.min(side.n, benchmarkTokens.length); // a short statement is indexed whole
  const theirs = new Set(keysOf(idsOf(benchmarkTokens, side.vocab, false), n));
  const keys = keysOf(idsOf(itemTokens, side.vocab, false), n);
  let best = { from: -1, to: -1 };
  let from = -1;
  for (let i = 0; i <= keys.length; i++) {
    const hit = i < keys.length && keys[i] !== -1 && theirs.has(keys[i]!);
    if (hit && from < 0) from = i;
    if (!hit && from >= 0) {
      if (i - from > best.to - best.from) best = { from, to: i };
      from = -1;
    }
  }
  if (best.from < 0) return "";
  return itemText.slice(itemTokens[best.from]!.start, itemTokens[best.to - 1 + n - 1]!.end);
}

let bundled: ContaminationIndex | undefined;
let building: Promise<ContaminationIndex> | undefined;

function* bundledIndexSteps(): Steps<ContaminationIndex> {
  const index = yield* contaminationIndexSteps(yield* bundledBenchmarkSteps());
  return (bundled ??= index); // a build that ended meanwhile (a synchronous caller's) stays the one
}

/** The index of the bundled benchmarks (data/benchmarks/), built once per process. */
export function bundledIndex(): ContaminationIndex {
  return bundled ?? runSteps(bundledIndexSteps());
}

/**
 * The same, built in slices of a few milliseconds (≈ 2 s of CPU in all on 2 cores): a worker
 * streaming model answers keeps reading them meanwhile (built at once, every stream of the process
 * stood still that long at its first kept item). Callers at the same time share one build.
 */
export function bundledIndexInSlices(): Promise<ContaminationIndex> {
  if (bundled) return Promise.resolve(bundled);
  return (building ??= runStepsInSlices(bundledIndexSteps()).finally(() => (building = undefined)));
}
