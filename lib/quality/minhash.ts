import { mix32 } from "@/lib/quality/shingles";

/**
 * MinHash-LSH banding. Two sets of Jaccard similarity s agree on one MinHash value with probability
 * s, on a band of r values with probability s^r, and share at least one of b bands (and so become a
 * candidate pair) with probability
 *
 *   P(s) = 1 − (1 − s^r)^b        (the S-curve)
 *
 * Candidates are then verified by exact Jaccard, so a false candidate costs one merge of two sorted
 * arrays while a missed pair is lost for good: the curve is placed for recall. With 256 signature
 * values, the most selective r whose curve still gives P(threshold) ≥ 0.995 is taken (the larger r,
 * the fewer dissimilar pairs to verify). At the default threshold 0.7 that is r = 5, b = 51:
 *
 *   s     0.7     0.5    0.3    0.2    0.1
 *   P(s)  0.9999  0.80   0.12   0.016  0.0005
 *
 * r = 6 (b = 42) would give P(0.7) = 0.995, one pair in two hundred at the threshold missed; r = 4
 * (b = 64) verifies six times more pairs at s = 0.2, where unrelated items sharing boilerplate sit.
 */
export const MAX_PERMUTATIONS = 256;
const TARGET_RECALL = 0.995;

export interface LshParameters {
  bands: number;
  rows: number;
}

/** The probability that a pair of Jaccard similarity s becomes a candidate. */
export function candidateProbability(s: number, { bands, rows }: LshParameters): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

export function lshParameters(threshold: number): LshParameters {
  let best: LshParameters = { bands: MAX_PERMUTATIONS, rows: 1 };
  for (let rows = 1; rows <= 16; rows++) {
    const bands = Math.floor(MAX_PERMUTATIONS / rows);
    if (candidateProbability(threshold, { bands, rows }) >= TARGET_RECALL) best = { bands, rows };
  }
  return best;
}

/**
 * The signature: one-permutation hashing with optimal densification (Shrivastava, ICML 2017). Each
 * shingle is hashed once; its top bits choose one of 256 bins and the rest is its value; a bin
 * keeps its minimum. Two sets agree on a bin with probability equal to their Jaccard similarity, as
 * with 256 independent hash functions, at the cost of one hash per shingle instead of 256 (the
 * signatures of 100 k items take a second, not minutes, on a shared machine). An empty bin borrows
 * the value of a bin chosen by a hash of its own index and the attempt, so two sets with the same
 * shingles borrow alike. Fixed seeds: every process, any day, computes the same signatures.
 */
const BIN_BITS = 8;
const EMPTY = -1;

/** Fills sig (MAX_PERMUTATIONS entries) with the set's densified one-permutation signature. */
function signature(set: Int32Array, sig: Int32Array): void {
  sig.fill(EMPTY);
  if (!set.length) return; // nothing to borrow from: every bin stays empty (callers skip empty sets)
  for (let i = 0; i < set.length; i++) {
    const h = mix32(set[i]! ^ 0x2545f491);
    const bin = h >>> (32 - BIN_BITS);
    const value = h & 0xffffff;
    const current = sig[bin]!;
    if (current === EMPTY || value < current) sig[bin] = value;
  }
  for (let bin = 0; bin < MAX_PERMUTATIONS; bin++) {
    if (sig[bin] !== EMPTY) continue;
    for (let attempt = 1; ; attempt++) {
      const donor = mix32(Math.imul(bin + 1, 0x9e3779b1) ^ attempt) >>> (32 - BIN_BITS);
      const value = sig[donor]!;
      // Only bins filled by the set itself donate (a borrowed value is marked by bit 30 below).
      if (value !== EMPTY && value < 1 << 30) {
        sig[bin] = value | (1 << 30);
        break;
      }
    }
  }
}

/**
 * Writes the set's b band keys (each a hash of r consecutive signature values) into out at offset.
 * Only band keys are kept per item; the signature is scratch.
 */
export function writeBandKeys(set: Int32Array, { bands, rows }: LshParameters, out: Int32Array, offset: number): void {
  signature(set, scratch);
  for (let band = 0; band < bands; band++) {
    let key = mix32(0xb4d0 + band);
    for (let row = 0; row < rows; row++) key = mix32(Math.imul(key, 31) ^ scratch[band * rows + row]!);
    out[offset + band] = key;
  }
}

const scratch = new Int32Array(MAX_PERMUTATIONS);
