import { mix32 } from "@/lib/quality/shingles";

/**
 * MinHash-LSH banding. Two sets of Jaccard similarity s agree on one MinHash value with probability
 * s, on a band of r values with probability s^r, and share at least one of b bands (and so become a
 * candidate pair) with probability
 *
 *   P(s) = 1 − (1 − s^r)^b        (the S-curve)
 *
 * Candidates are then verified by exact Jaccard, so a false candidate costs one merge of two sorted
 * arrays while a missed pair is lost for good: the curve is placed for recall. With a budget of 128
 * hash functions, the most selective r whose curve still gives P(threshold) ≥ 0.995 is taken (the
 * larger r, the fewer dissimilar pairs to verify). At the default threshold 0.7 that is r = 4,
 * b = 32: P(0.7) = 0.9998, P(0.5) = 0.87, P(0.3) = 0.23, P(0.1) = 0.003 (r = 5, b = 25 would give
 * P(0.7) = 0.990, a pair in a hundred at the threshold missed).
 */
export const MAX_PERMUTATIONS = 128;
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
 * The hash family: h_p(x) = (a_p·x + b_p) mod 2^32 with odd a_p, over shingle hashes that are
 * already well mixed (lib/quality/shingles.ts). One multiply and one add per (shingle, function),
 * exact in 32-bit integer maths. Fixed seeds: every process, any day, computes the same signatures.
 */
const MULTIPLIERS = new Uint32Array(MAX_PERMUTATIONS);
const ADDENDS = new Uint32Array(MAX_PERMUTATIONS);
for (let p = 0; p < MAX_PERMUTATIONS; p++) {
  MULTIPLIERS[p] = (mix32(0x5eed0000 + 2 * p) | 1) >>> 0;
  ADDENDS[p] = mix32(0x5eed0000 + 2 * p + 1);
}

/**
 * Writes the set's b band keys (each a hash of r consecutive MinHash values) into out at offset.
 * The signature itself is a scratch buffer: only band keys are kept per item.
 */
export function writeBandKeys(
  set: Uint32Array,
  { bands, rows }: LshParameters,
  scratch: Uint32Array,
  out: Uint32Array,
  offset: number,
): void {
  const size = bands * rows;
  scratch.fill(0xffffffff, 0, size);
  for (let i = 0; i < set.length; i++) {
    const x = set[i]!;
    for (let p = 0; p < size; p++) {
      const value = (Math.imul(MULTIPLIERS[p]!, x) + ADDENDS[p]!) >>> 0;
      if (value < scratch[p]!) scratch[p] = value;
    }
  }
  for (let band = 0; band < bands; band++) {
    let h = mix32(0xb4d0 + band);
    for (let row = 0; row < rows; row++) h = mix32(Math.imul(h, 31) ^ scratch[band * rows + row]!);
    out[offset + band] = h;
  }
}
