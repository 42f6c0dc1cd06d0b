import { createHash } from "node:crypto";

/**
 * MinHash over character n-grams: a fixed-size signature per sample whose agreement with another
 * signature estimates the Jaccard similarity of their n-gram sets. Memory compares a new sample
 * with every stored one, so signatures (not texts) are what it keeps and compares.
 */

export const SIGNATURE_SIZE = 64;
const SHINGLE = 5;

/** Fixed seeds, one per hash function: signatures made by any process, any day, stay comparable. */
const SEEDS = (() => {
  const digest = createHash("sha512").update("rosetta-minhash-v1").digest();
  return Array.from({ length: SIGNATURE_SIZE }, (_, i) => (digest.readUInt32LE((i * 4) % 60) ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
})();

/** MurmurHash3's finaliser: a cheap, well-mixed 32-bit permutation, exact in 32-bit integer maths. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shingles(text: string): Set<number> {
  const clean = normalize(text);
  const set = new Set<number>();
  if (clean.length <= SHINGLE) {
    set.add(hash32(clean));
    return set;
  }
  for (let i = 0; i <= clean.length - SHINGLE; i++) set.add(hash32(clean.slice(i, i + SHINGLE)));
  return set;
}

export function minhashSignature(text: string): number[] {
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const value = mix32(shingle ^ SEEDS[i]!);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  // Stored as PostgreSQL int4: the top 31 bits (a collision there is negligible for this use).
  return signature.map((value) => value >>> 1);
}

/** Estimated Jaccard similarity (0…1) of the texts two signatures were made from. */
export function estimatedSimilarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same += 1;
  return same / SIGNATURE_SIZE;
}

/** Exact Jaccard of the n-gram sets, for tests and small inputs. */
export function jaccard(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  let both = 0;
  for (const value of x) if (y.has(value)) both += 1;
  return both / (x.size + y.size - both);
}
