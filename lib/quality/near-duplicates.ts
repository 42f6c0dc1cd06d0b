import { lshParameters, writeBandKeys, type LshParameters } from "@/lib/quality/minhash";
import { codeTokens, instructionTokens, jaccard, shingleSet, TOKEN_SHINGLE, WORD_SHINGLE } from "@/lib/quality/shingles";
import type { DuplicateGroups, QualityItem } from "@/lib/quality/types";

/**
 * Near-duplicates (lib/quality/README.md): MinHash-LSH over two views of each item, normalised
 * instruction words and code tokens. A pair is near-duplicate when either view's exact Jaccard
 * reaches the threshold; LSH only proposes candidates, each is verified on the shingle sets, so no
 * pair below the threshold is ever joined directly. Pairs join into clusters (union-find) across
 * the whole set and across languages; within a cluster, per language, the best-scored member (then
 * the first seen) is kept and the others point at it. Members of other languages are the same task
 * translated: kept, and the cluster marked cross-lingual.
 */

/** The settings' default (lib/synthesis/settings.ts quality.duplicateThreshold). */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.7;

/**
 * Below these sizes a view says too little to tell a duplicate from a coincidence (a three-word
 * instruction, `return a + b`): it then takes no part in the item's comparisons.
 */
const MIN_INSTRUCTION_SHINGLES = 2;
const MIN_CODE_SHINGLES = 4;

/** The item's two shingle sets, each null when too small to take part (see the minimums above). */
export function itemShingles(item: Pick<QualityItem, "language" | "instruction" | "solution">): {
  instruction: Int32Array | null;
  code: Int32Array | null;
} {
  const instruction = shingleSet(instructionTokens(item.instruction ?? ""), WORD_SHINGLE);
  const code = shingleSet(codeTokens(item.solution ?? "", item.language.trim().toLowerCase()), TOKEN_SHINGLE);
  return {
    instruction: instruction.length >= MIN_INSTRUCTION_SHINGLES ? instruction : null,
    code: code.length >= MIN_CODE_SHINGLES ? code : null,
  };
}

/**
 * A bucket holding more items than this is compared member by member only against its last ones:
 * near-identical sets already join through their first members, and a bucket that large of
 * dissimilar sets (shared boilerplate) would make the work quadratic.
 */
const BUCKET_WINDOW = 64;

/** Items are packed with their bucket key into one float (key · 2^21 + index) for a native sort. */
const MAX_ITEMS = 1 << 21;

/** A growable Int32Array: the index keeps every item's sets and keys in a few flat buffers. */
class I32Buffer {
  data = new Int32Array(1024);
  length = 0;
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Int32Array(size);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  pushArray(values: Int32Array): void {
    this.reserve(values.length);
    this.data.set(values, this.length);
    this.length += values.length;
  }
  push(value: number): void {
    this.reserve(1);
    this.data[this.length++] = value;
  }
}

/** One view's sets: shingles of item i are pool[offsets[i] .. offsets[i + 1]); keys[i·bands ..] its band keys (all zero when the view is too small). */
class View {
  pool = new I32Buffer();
  offsets = new I32Buffer();
  keys = new I32Buffer();
  used = new I32Buffer();
  constructor() {
    this.offsets.push(0);
  }
  set(i: number): Int32Array {
    return this.pool.data.subarray(this.offsets.data[i]!, this.offsets.data[i + 1]!);
  }
}

export interface NearDuplicateIndex {
  /** Adds one item; only its shingle sets and band keys are kept, never its text. */
  add(item: QualityItem): void;
  /** The clusters and the duplicates over every item added. */
  groups(): DuplicateGroups;
}

/** Streaming form of findNearDuplicates: add items page by page, then ask for the groups. */
export function createNearDuplicateIndex({ threshold = DEFAULT_DUPLICATE_THRESHOLD }: { threshold?: number } = {}): NearDuplicateIndex {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const lsh: LshParameters = lshParameters(threshold);
  const ids: string[] = [];
  const languageOf = new I32Buffer();
  const languages: string[] = [];
  const languageIndex = new Map<string, number>();
  let scores = new Float64Array(1024);
  const views = [new View(), new View()] as const;

  function addView(view: View, set: Int32Array | null): void {
    const used = set !== null;
    if (set) view.pool.pushArray(set);
    view.offsets.push(view.pool.length);
    view.used.push(used ? 1 : 0);
    view.keys.reserve(lsh.bands);
    if (set) writeBandKeys(set, lsh, view.keys.data, view.keys.length);
    else view.keys.data.fill(0, view.keys.length, view.keys.length + lsh.bands);
    view.keys.length += lsh.bands;
  }

  return {
    add(item) {
      if (ids.length >= MAX_ITEMS) throw new RangeError(`at most ${MAX_ITEMS} items per index`);
      const language = item.language.trim().toLowerCase();
      let index = languageIndex.get(language);
      if (index === undefined) {
        index = languages.length;
        languages.push(language);
        languageIndex.set(language, index);
      }
      if (ids.length === scores.length) {
        const next = new Float64Array(scores.length * 2);
        next.set(scores);
        scores = next;
      }
      scores[ids.length] = typeof item.score === "number" && Number.isFinite(item.score) ? item.score : Number.NEGATIVE_INFINITY;
      ids.push(item.id);
      languageOf.push(index);
      const sets = itemShingles(item);
      addView(views[0], sets.instruction);
      addView(views[1], sets.code);
    },
    groups() {
      const n = ids.length;
      const parent = new Int32Array(n);
      for (let i = 0; i < n; i++) parent[i] = i;
      const find = (x: number): number => {
        while (parent[x] !== x) {
          parent[x] = parent[parent[x]!]!;
          x = parent[x]!;
        }
        return x;
      };
      // The smaller index becomes the root: the same input gives the same clusters, whatever the bucket order.
      const union = (a: number, b: number) => {
        const ra = find(a);
        const rb = find(b);
        if (ra < rb) parent[rb] = ra;
        else if (rb < ra) parent[ra] = rb;
      };
      const similarIn = (view: View, a: number, b: number): boolean => {
        if (view.used.data[a] !== 1 || view.used.data[b] !== 1) return false;
        const x = view.set(a);
        const y = view.set(b);
        // Jaccard is at most the smaller set's share of the larger: most candidates stop here.
        if (Math.min(x.length, y.length) < threshold * Math.max(x.length, y.length)) return false;
        return jaccard(x, y) >= threshold;
      };

      const packed = new Float64Array(n);
      for (const [v, view] of views.entries()) {
        const other = views[1 - v]!;
        for (let band = 0; band < lsh.bands; band++) {
          let count = 0;
          for (let i = 0; i < n; i++) {
            if (view.used.data[i] === 1) packed[count++] = (view.keys.data[i * lsh.bands + band]! >>> 0) * MAX_ITEMS + i;
          }
          const sorted = packed.subarray(0, count).sort();
          let start = 0;
          while (start < count) {
            const key = Math.floor(sorted[start]! / MAX_ITEMS);
            let end = start + 1;
            while (end < count && Math.floor(sorted[end]! / MAX_ITEMS) === key) end += 1;
            for (let j = start + 1; j < end; j++) {
              const b = sorted[j]! - key * MAX_ITEMS;
              for (let k = Math.max(start, j - BUCKET_WINDOW); k < j; k++) {
                const a = sorted[k]! - key * MAX_ITEMS;
                if (find(a) !== find(b) && (similarIn(view, a, b) || similarIn(other, a, b))) union(a, b);
              }
            }
            start = end;
          }
        }
      }
      return collectGroups({ n, ids, find, scores, languageOf: languageOf.data, languages });
    },
  };
}

function collectGroups({
  n,
  ids,
  find,
  scores,
  languageOf,
  languages,
}: {
  n: number;
  ids: string[];
  find: (i: number) => number;
  scores: Float64Array;
  languageOf: Int32Array;
  languages: string[];
}): DuplicateGroups {
  const roots = new Int32Array(n);
  const sizes = new Int32Array(n);
  for (let i = 0; i < n; i++) sizes[(roots[i] = find(i))]! += 1;
  // Roots are each cluster's first member (union keeps the smaller index), so clusters come in order of first appearance.
  const membersByRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = roots[i]!;
    if (sizes[root]! < 2) continue;
    const members = membersByRoot.get(root);
    if (members) members.push(i);
    else membersByRoot.set(root, [i]);
  }
  const clusters: DuplicateGroups["clusters"] = [];
  const duplicateOf = new Map<string, string>();
  for (const members of membersByRoot.values()) {
    const kept = new Map<number, number>();
    for (const i of members) {
      const language = languageOf[i]!;
      const best = kept.get(language);
      if (best === undefined || scores[i]! > scores[best]!) kept.set(language, i);
    }
    for (const i of members) {
      const keeper = kept.get(languageOf[i]!)!;
      if (keeper !== i) duplicateOf.set(ids[i]!, ids[keeper]!);
    }
    const clusterLanguages = [...kept.keys()].map((index) => languages[index]!).sort();
    clusters.push({ members: members.map((i) => ids[i]!), languages: clusterLanguages, crossLingual: clusterLanguages.length > 1 });
  }
  return { clusters, duplicateOf };
}

/** Near-duplicate groups over a set of items (see createNearDuplicateIndex). */
export function findNearDuplicates(items: QualityItem[], options: { threshold?: number } = {}): DuplicateGroups {
  const index = createNearDuplicateIndex(options);
  for (const item of items) index.add(item);
  return index.groups();
}
