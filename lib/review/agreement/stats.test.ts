import { describe, expect, it } from "vitest";
import {
  cohenKappa,
  krippendorffAlpha,
  meanAbsoluteDifference,
  pearson,
  percentAgreement,
  ranks,
  spearman,
} from "@/lib/review/agreement/stats";

/** A 2×2 table as pairs: yy both yes, yn a yes b no, ny a no b yes, nn both no. */
function table(yy: number, yn: number, ny: number, nn: number): [string, string][] {
  return [
    ...Array.from({ length: yy }, () => ["yes", "yes"] as [string, string]),
    ...Array.from({ length: yn }, () => ["yes", "no"] as [string, string]),
    ...Array.from({ length: ny }, () => ["no", "yes"] as [string, string]),
    ...Array.from({ length: nn }, () => ["no", "no"] as [string, string]),
  ];
}

describe("Cohen's κ", () => {
  it("matches the worked examples (Wikipedia, 'Cohen's kappa')", () => {
    // 50 grant proposals, two readers: p_o = 0.7, p_e = 0.5, κ = 0.4.
    expect(cohenKappa(table(20, 5, 10, 15))).toBeCloseTo(0.4, 10);
    // Equal agreement (60 %) but different marginals give different κ: 0.1304 and 0.2593.
    expect(cohenKappa(table(45, 15, 25, 15))).toBeCloseTo(0.1304, 4);
    expect(cohenKappa(table(25, 35, 5, 35))).toBeCloseTo(0.2593, 4);
  });

  it("is 1 for perfect agreement, undefined when chance agreement is total, and 0 or less at chance", () => {
    expect(cohenKappa(table(10, 0, 0, 10))).toBe(1);
    expect(cohenKappa(table(10, 0, 0, 0))).toBeNull();
    expect(cohenKappa([])).toBeNull();
    expect(cohenKappa(table(5, 5, 5, 5))).toBeCloseTo(0, 10);
  });

  it("weights disagreements by distance on ordered scales", () => {
    const near: [number, number][] = [
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 5],
      [1, 1],
    ];
    const far: [number, number][] = [
      [1, 5],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 5],
      [1, 1],
    ];
    const quadraticNear = cohenKappa(near, "quadratic")!;
    expect(quadraticNear).toBeGreaterThan(cohenKappa(far, "quadratic")!);
    expect(quadraticNear).toBeGreaterThan(cohenKappa(near)!);
    // Hand-computed: categories 1..5, n = 6, quadratic weights ((i-j)/4)².
    // Observed disagreement = 4 × (1/16) / 6; expected from the marginals rows [2,1,1,1,1], cols [1,1,1,1,2].
    const rows = [2, 1, 1, 1, 1];
    const cols = [1, 1, 1, 1, 2];
    let expected = 0;
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expected += (((i - j) / 4) ** 2 * rows[i]! * cols[j]!) / 36;
    expect(quadraticNear).toBeCloseTo(1 - 4 / 16 / 6 / expected, 10);
  });
});

describe("Krippendorff's α", () => {
  // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section E: four observers,
  // twelve units, values 1–5, with missing data.
  const observers: (number | null)[][] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  const units = observers[0]!.map((_, u) => observers.map((row) => row[u]!));

  it("matches the published values at every level of measurement", () => {
    expect(krippendorffAlpha(units, "nominal")).toBeCloseTo(0.743, 3);
    expect(krippendorffAlpha(units, "ordinal")).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(units, "interval")).toBeCloseTo(0.849, 3);
    expect(krippendorffAlpha(units, "ratio")).toBeCloseTo(0.797, 3);
  });

  it("matches the paper's two-observer binary example (section A): α = 0.095", () => {
    const a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    const b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    expect(
      krippendorffAlpha(
        a.map((x, i) => [x, b[i]!]),
        "nominal",
      ),
    ).toBeCloseTo(0.095, 3);
  });

  it("leaves out units with one value and is undefined without variation", () => {
    expect(krippendorffAlpha([["accept"], ["reject"]])).toBeNull();
    expect(
      krippendorffAlpha([
        ["accept", "accept"],
        ["accept", "accept", "accept"],
      ]),
    ).toBeNull();
    expect(krippendorffAlpha([["accept", "accept"], ["reject", "reject"], ["accept"]])).toBe(1);
  });
});

describe("correlation and differences", () => {
  it("Pearson's r and Spearman's ρ", () => {
    expect(pearson([1, 2, 3, 4, 5], [2, 4, 6, 8, 10])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    // Monotone but not linear: ρ = 1, r < 1.
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [1, 4, 9, 100])!).toBeLessThan(1);
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
  });

  it("mean absolute difference and percent agreement", () => {
    expect(meanAbsoluteDifference([1, 2, 3], [2, 2, 5])).toBeCloseTo(1, 12);
    expect(meanAbsoluteDifference([], [])).toBeNull();
    expect(percentAgreement([["a", "a"], ["a", "b"], ["b"]])).toBe(0.5);
  });
});
