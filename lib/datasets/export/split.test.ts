import { describe, expect, it } from "vitest";
import { splitOf } from "@/lib/datasets/export/split";

describe("splitOf", () => {
  it("puts everything on the train side without a test fraction", () => {
    expect(["a", "b", "c"].map((key) => splitOf(key, null))).toEqual(["train", "train", "train"]);
    expect(splitOf("a", 0)).toBe("train");
  });

  it("is a function of the key alone: the same key lands on the same side every time", () => {
    const keys = Array.from({ length: 500 }, (_, i) => `candidate:${i}`);
    const first = keys.map((key) => splitOf(key, 0.2));
    expect(keys.map((key) => splitOf(key, 0.2))).toEqual(first);
    // Pinned: a change to the hashing would move items between sides of released splits.
    expect(keys.filter((_, i) => first[i] === "test").slice(0, 8)).toMatchInlineSnapshot(`
      [
        "candidate:13",
        "candidate:14",
        "candidate:17",
        "candidate:19",
        "candidate:24",
        "candidate:26",
        "candidate:30",
        "candidate:31",
      ]
    `);
  });

  it("sends about the asked share to the test side, and a larger fraction only adds to it", () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `candidate:${i}`);
    const tenth = keys.filter((key) => splitOf(key, 0.1) === "test");
    expect(tenth.length).toBeGreaterThan(850);
    expect(tenth.length).toBeLessThan(1150);
    const fifth = new Set(keys.filter((key) => splitOf(key, 0.2) === "test"));
    expect(tenth.every((key) => fifth.has(key))).toBe(true);
    expect(keys.every((key) => splitOf(key, 1) === "test")).toBe(true);
  });
});
