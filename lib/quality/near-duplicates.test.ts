import { describe, expect, it } from "vitest";
import { candidateProbability, lshParameters } from "@/lib/quality/minhash";
import { findNearDuplicates } from "@/lib/quality/near-duplicates";
import { codeTokens, instructionTokens, jaccard, shingleSet } from "@/lib/quality/shingles";
import type { QualityItem } from "@/lib/quality/types";

const PAIRS_INSTRUCTION =
  "Write a function that takes a list of integers and returns the sum of every pair of adjacent elements, " +
  "as a new list one element shorter than the input; an empty or single-element list gives an empty list.";
const PAIRS_SOLUTION = `def pair_sums(numbers):
    # adjacent pairs
    result = []
    for i in range(len(numbers) - 1):
        result.append(numbers[i] + numbers[i + 1])
    return result
`;

const VOWELS_INSTRUCTION =
  "Write a function that counts how many vowels appear in a string, treating upper and lower case alike " +
  "and ignoring every character that is not a letter of the English alphabet.";
const VOWELS_SOLUTION = `def count_vowels(text):
    total = 0
    for ch in text.lower():
        if ch in "aeiou":
            total += 1
    return total
`;

const PAIRS_GO = `package main

func PairSums(numbers []int) []int {
	result := []int{}
	for i := 0; i+1 < len(numbers); i++ {
		result = append(result, numbers[i]+numbers[i+1])
	}
	return result
}
`;

function item(id: string, language: string, instruction: string, solution: string, score?: number): QualityItem {
  return { id, language, instruction, solution, score };
}

function clusterOf(groups: ReturnType<typeof findNearDuplicates>, id: string) {
  return groups.clusters.find((cluster) => cluster.members.includes(id));
}

describe("normalisation", () => {
  it("ignores case, punctuation and code-style names in instructions", () => {
    const a = shingleSet(instructionTokens("Write `sum_pairs(item_list)`, returning the SUM of pairs!"), 3);
    const b = shingleSet(instructionTokens("write addAdjacent(inputValues) returning the sum of pairs"), 3);
    expect(jaccard(a, b)).toBe(1);
  });

  it("drops comments and whitespace and hides identifiers in code, but keeps literals and keywords", () => {
    const original = codeTokens("x = 1  # one\nreturn x + y", "python");
    expect(codeTokens("total=1\n\n\nreturn total+other # sum", "python")).toEqual(original);
    expect(codeTokens("x = 2\nreturn x + y", "python")).not.toEqual(original);
    expect(codeTokens("x = 1\nyield x + y", "python")).not.toEqual(original);
    // A '#' inside a string is not a comment.
    expect(codeTokens('s = "#"', "python")).toHaveLength(3);
    expect(codeTokens("int a = 1; /* note */ // more\nreturn a;", "java")).toEqual(codeTokens("int b = 1;\nreturn b;", "java"));
    // Import lines are boilerplate, not the solution.
    expect(codeTokens("import java.util.*;\n#include <vector>\nint a = 1;", "java")).toEqual(codeTokens("int a = 1;", "java"));
  });

  it("places the S-curve for recall at the threshold", () => {
    const parameters = lshParameters(0.7);
    expect(parameters).toEqual({ bands: 51, rows: 5 });
    expect(candidateProbability(0.7, parameters)).toBeGreaterThan(0.995);
    expect(candidateProbability(0.2, parameters)).toBeLessThan(0.06);
  });
});

describe("findNearDuplicates", () => {
  it("finds reworded, renamed and extended copies in one language and keeps the best-scored", () => {
    const items = [
      item("original", "python", PAIRS_INSTRUCTION, PAIRS_SOLUTION, 3),
      // A reworded opening and a renamed identifier: the same task.
      item(
        "reworded",
        "python",
        PAIRS_INSTRUCTION.replace("Write a function that takes", "Implement a routine which takes"),
        PAIRS_SOLUTION.replaceAll("numbers", "values").replace("pair_sums", "adjacent_sums"),
        4.5,
      ),
      // An appended sentence, and the same code with its comment removed.
      item(
        "appended",
        "python",
        `${PAIRS_INSTRUCTION} Do not modify the input list.`,
        PAIRS_SOLUTION.replace("    # adjacent pairs\n", ""),
        4,
      ),
      item("vowels", "python", VOWELS_INSTRUCTION, VOWELS_SOLUTION, 5),
    ];
    const groups = findNearDuplicates(items);
    expect(groups.clusters).toEqual([{ members: ["original", "reworded", "appended"], languages: ["python"], crossLingual: false }]);
    expect(Object.fromEntries(groups.duplicateOf)).toEqual({ original: "reworded", appended: "reworded" });
  });

  it("keeps the first in input order when scores tie or are missing", () => {
    const groups = findNearDuplicates([
      item("a", "python", PAIRS_INSTRUCTION, PAIRS_SOLUTION),
      item("b", "python", PAIRS_INSTRUCTION, PAIRS_SOLUTION),
      item("c", "python", PAIRS_INSTRUCTION, PAIRS_SOLUTION, null as unknown as number),
    ]);
    expect(Object.fromEntries(groups.duplicateOf)).toEqual({ b: "a", c: "a" });
  });

  it("does not cluster different problems that share boilerplate", () => {
    const boilerplate =
      "import java.util.*;\n\nclass Solution {\n    public static void main(String[] args) {\n        System.out.println(run());\n    }\n";
    const groups = findNearDuplicates([
      item(
        "sum",
        "java",
        "Write a function to return the sum of all even numbers in a list.",
        `${boilerplate}    static int run() { int s = 0; for (int x : List.of(1, 2, 4)) if (x % 2 == 0) s += x; return s; }\n}`,
      ),
      item(
        "max",
        "java",
        "Write a function to return the largest string in a list by length.",
        `${boilerplate}    static String run() { String best = ""; for (String w : List.of("a", "bb")) if (w.length() > best.length()) best = w; return best; }\n}`,
      ),
      item(
        "rev",
        "java",
        "Write a function to return the words of a sentence in reverse order.",
        `${boilerplate}    static String run() { String[] w = "a b c".split(" "); Collections.reverse(Arrays.asList(w)); return String.join(" ", w); }\n}`,
      ),
    ]);
    expect(groups.clusters).toEqual([]);
    expect(groups.duplicateOf.size).toBe(0);
  });

  it("marks the same task in two languages as a cross-lingual cluster and drops neither", () => {
    const groups = findNearDuplicates([
      item("py", "python", PAIRS_INSTRUCTION, PAIRS_SOLUTION, 3),
      item("vowels", "python", VOWELS_INSTRUCTION, VOWELS_SOLUTION, 3),
      item("go", "Go", PAIRS_INSTRUCTION, PAIRS_GO, 5),
      item("go-copy", "go", PAIRS_INSTRUCTION.replace("Write", "Please write"), PAIRS_GO, 2),
    ]);
    expect(clusterOf(groups, "py")).toEqual({ members: ["py", "go", "go-copy"], languages: ["go", "python"], crossLingual: true });
    // Only the second Go item goes; the Python one is the same task translated, not a duplicate.
    expect(Object.fromEntries(groups.duplicateOf)).toEqual({ "go-copy": "go" });
  });

  it("never clusters empty instructions or solutions by themselves", () => {
    const groups = findNearDuplicates([
      item("a", "python", "", ""),
      item("b", "python", "", ""),
      item("c", "python", PAIRS_INSTRUCTION, ""),
      item("d", "python", VOWELS_INSTRUCTION, ""),
      item("e", "python", "", "x"),
      item("f", "python", "", "x"),
    ]);
    expect(groups.clusters).toEqual([]);
  });

  it("gives the same clusters for the same input, and honours the threshold", () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      item(
        `i${i}`,
        i % 3 === 0 ? "go" : "python",
        `${i % 2 ? PAIRS_INSTRUCTION : VOWELS_INSTRUCTION} Variant ${i % 5} of ${i % 4}.`,
        i % 3 === 0 ? PAIRS_GO : PAIRS_SOLUTION,
        i % 7,
      ),
    );
    const first = findNearDuplicates(items);
    const second = findNearDuplicates(items);
    expect(second.clusters).toEqual(first.clusters);
    expect([...second.duplicateOf]).toEqual([...first.duplicateOf]);
    expect(first.clusters.length).toBeGreaterThan(0);
    expect(() => findNearDuplicates(items, { threshold: 0 })).toThrow(/threshold/);
    const strict = findNearDuplicates(items, { threshold: 1 });
    expect(strict.clusters.reduce((n, c) => n + c.members.length, 0)).toBeLessThanOrEqual(
      first.clusters.reduce((n, c) => n + c.members.length, 0),
    );
  });
});
