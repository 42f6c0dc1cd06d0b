import { describe, expect, it } from "vitest";
import { describeAgreement, summarizeAgreement, type Annotation } from "@/lib/review/agreement/summary";

const decisions = (annotator: string, language: string, values: string[]): Annotation[] =>
  values.map((value, i) => ({ itemId: `item-${language}-${i}`, language, annotator, value }));

describe("summarizeAgreement", () => {
  it("gives Cohen's κ for two annotators, per language and per pair", () => {
    // The grant-proposal table (20, 5, 10, 15): κ = 0.4.
    const a = [...Array(20).fill("ACCEPT"), ...Array(5).fill("ACCEPT"), ...Array(10).fill("REJECT"), ...Array(15).fill("REJECT")];
    const b = [...Array(20).fill("ACCEPT"), ...Array(5).fill("REJECT"), ...Array(10).fill("ACCEPT"), ...Array(15).fill("REJECT")];
    const summary = summarizeAgreement([...decisions("ann", "python", a), ...decisions("bob", "python", b)]);
    expect(summary.overall.method).toBe("kappa");
    expect(summary.overall.value).toBeCloseTo(0.4, 10);
    expect(summary.overall.items).toBe(50);
    expect(summary.overall.percent).toBeCloseTo(0.7, 10);
    expect(summary.byLanguage.python!.value).toBeCloseTo(0.4, 10);
    expect(summary.pairs).toEqual([{ a: "ann", b: "bob", items: 50, percent: 0.7, kappa: expect.closeTo(0.4, 10) }]);
    expect(describeAgreement(summary.overall)).toBe("Cohen's κ = 0.40 over 50 items (2 annotators, 70 % agree)");
  });

  it("gives Krippendorff's α for three annotators and leaves out items one annotator answered", () => {
    const rows: Annotation[] = [
      ...decisions("a", "go", ["ACCEPT", "REJECT", "ACCEPT", "ACCEPT"]),
      ...decisions("b", "go", ["ACCEPT", "REJECT", "REJECT", "ACCEPT"]),
      ...decisions("c", "go", ["ACCEPT", "REJECT", "ACCEPT"]),
      { itemId: "lonely", language: "rust", annotator: "a", value: "REJECT" },
    ];
    const summary = summarizeAgreement(rows);
    expect(summary.overall.method).toBe("alpha");
    expect(summary.overall.items).toBe(4);
    expect(summary.overall.annotators).toBe(3);
    expect(summary.byLanguage.rust!.items).toBe(0);
    expect(summary.pairs.map((p) => [p.a, p.b, p.items])).toEqual([
      ["a", "b", 4],
      ["a", "c", 3],
      ["b", "c", 3],
    ]);
  });
});
