import { describe, expect, it } from "vitest";
import { meanPassAtK, passAtK } from "@/lib/eval/pass-at-k";

// Reference values: 1 - comb(n-c, k) / comb(n, k) with Python's exact integer math.comb.
describe("pass@k", () => {
  it.each([
    [10, 3, 1, 0.3],
    [10, 3, 5, 0.9166666666666666],
    [200, 13, 10, 0.4975511147306061],
    [200, 13, 100, 0.9999194971988055],
    [100, 50, 10, 0.9994065803274141],
    [100, 1, 1, 0.01],
    [20, 0, 5, 0],
    [5, 5, 1, 1],
  ])("n=%i c=%i k=%i is %f", (n, c, k, expected) => {
    expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it("is 1 when fewer than k samples failed", () => expect(passAtK(10, 8, 3)).toBe(1));

  it("stays finite where the binomials overflow a double", () => {
    const value = passAtK(2000, 1, 1000);
    expect(value).toBeCloseTo(0.5, 12);
  });

  it("refuses impossible counts", () => {
    expect(() => passAtK(5, 6, 1)).toThrow(RangeError);
    expect(() => passAtK(5, 1, 6)).toThrow(RangeError);
  });

  it("averages over problems", () =>
    expect(
      meanPassAtK(
        [
          { n: 10, c: 3 },
          { n: 10, c: 0 },
        ],
        1,
      ),
    ).toBeCloseTo(0.15, 12));
});
