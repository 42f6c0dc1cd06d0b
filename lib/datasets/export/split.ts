import { createHash } from "node:crypto";

export type Split = "train" | "test";

/**
 * Which side of a train/test split a row lands on: the first 48 bits of SHA-256 of its stable key
 * ("candidate:<id>", "dpo:<id>"), as a fraction of 2^48, against `testFraction`. The key names the
 * item across versions, so an item stays on its side in every later version and in every re-export
 * (no test item leaks into a later version's training side), whatever else the version holds.
 */
export function splitOf(key: string, testFraction: number | null | undefined): Split {
  if (!testFraction) return "train";
  const digest = createHash("sha256").update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48 < testFraction ? "test" : "train";
}
