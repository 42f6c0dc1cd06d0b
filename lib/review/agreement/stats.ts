/**
 * Agreement statistics, pure functions over plain values (client-safe, no database): Cohen's κ for
 * two annotators (unweighted on decisions and labels, weighted on ordered scales), Krippendorff's α
 * for any number of annotators with missing values, and the correlations and mean absolute
 * difference that hold the LLM judge to human scores. Tested against published worked examples
 * (stats.test.ts). Every function returns null where the statistic is undefined (too few values,
 * no variation), never NaN.
 */

export type Level = "nominal" | "ordinal" | "interval" | "ratio";
export type Value = string | number;

/**
 * Cohen's κ for two annotators who each labelled the same items: `pairs` holds one [a, b] per item.
 * `weights` "linear" or "quadratic" gives the weighted κ for ordered numeric categories (Cohen 1968),
 * the categories being the values seen; unweighted, any values compare by equality.
 * κ = (p_o − p_e) / (1 − p_e); null without items, or when chance agreement is total (p_e = 1).
 */
export function cohenKappa(pairs: readonly (readonly [Value, Value])[], weights: "none" | "linear" | "quadratic" = "none"): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const categories = [...new Set(pairs.flat())].sort((x, y) =>
    typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)),
  );
  const index = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  for (const [a, b] of pairs) {
    const i = index.get(a)!;
    const j = index.get(b)!;
    observed[i]![j]! += 1;
    rowTotals[i]! += 1;
    colTotals[j]! += 1;
  }
  const numeric = categories.every((c) => typeof c === "number");
  if (weights !== "none" && !numeric) throw new Error("a weighted κ needs numeric categories");
  const span = numeric && k > 1 ? (categories[k - 1] as number) - (categories[0] as number) : 1;
  // Disagreement weight of cells (i, j): 0 on the diagonal; 1 off it, unweighted.
  const disagreement = (i: number, j: number): number => {
    if (i === j) return 0;
    if (weights === "none") return 1;
    const d = Math.abs((categories[i] as number) - (categories[j] as number)) / span;
    return weights === "linear" ? d : d * d;
  };
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      observedDisagreement += (disagreement(i, j) * observed[i]![j]!) / n;
      expectedDisagreement += (disagreement(i, j) * rowTotals[i]! * colTotals[j]!) / (n * n);
    }
  if (expectedDisagreement === 0) return null;
  return 1 - observedDisagreement / expectedDisagreement;
}

/**
 * Krippendorff's α over reliability data: `units` holds, per unit (item), the values its annotators
 * gave (null or absent for an annotator who gave none). Units with fewer than two values are not
 * pairable and left out. α = 1 − D_o / D_e from the coincidence matrix (Krippendorff 2011,
 * "Computing Krippendorff's alpha-reliability"); null when fewer than two values are pairable or
 * the pairable values do not vary (D_e = 0).
 */
export function krippendorffAlpha(units: readonly (readonly (Value | null | undefined)[])[], level: Level = "nominal"): number | null {
  const pairable = units.map((unit) => unit.filter((v): v is Value => v !== null && v !== undefined)).filter((unit) => unit.length >= 2);
  const values = [...new Set(pairable.flat())];
  if (level !== "nominal" && !values.every((v) => typeof v === "number")) throw new Error(`an ${level} α needs numeric values`);
  values.sort((x, y) => (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y))));
  const index = new Map(values.map((v, i) => [v, i]));
  const k = values.length;
  const coincidence = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const unit of pairable) {
    const m = unit.length;
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) if (a !== b) coincidence[index.get(unit[a]!)!]![index.get(unit[b]!)!]! += 1 / (m - 1);
  }
  const marginals = coincidence.map((row) => row.reduce((sum, x) => sum + x, 0));
  const n = marginals.reduce((sum, x) => sum + x, 0);
  if (n < 2) return null;
  const delta = distance(values, marginals, level);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++)
    for (let d = 0; d < k; d++) {
      const squared = delta(c, d);
      observed += coincidence[c]![d]! * squared;
      expected += marginals[c]! * marginals[d]! * squared;
    }
  observed /= n;
  expected /= n * (n - 1);
  if (expected === 0) return null;
  return 1 - observed / expected;
}

/** The squared difference δ²(c, k) of the level between the c-th and k-th sorted values. */
function distance(values: Value[], marginals: number[], level: Level): (c: number, d: number) => number {
  switch (level) {
    case "nominal":
      return (c, d) => (c === d ? 0 : 1);
    case "interval":
      return (c, d) => ((values[c] as number) - (values[d] as number)) ** 2;
    case "ratio":
      return (c, d) => {
        const [x, y] = [values[c] as number, values[d] as number];
        return x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      };
    case "ordinal":
      return (c, d) => {
        const [lo, hi] = c < d ? [c, d] : [d, c];
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += marginals[g]!;
        return (sum - (marginals[c]! + marginals[d]!) / 2) ** 2;
      };
  }
}

/** Pearson's r of paired numbers; null with fewer than two pairs or no variation on either side. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error("pearson: the two series differ in length");
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks 1…n, ties given the mean of the ranks they span. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) out[order[t]![1]] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's ρ: Pearson's r of the ranks (ties averaged). */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error("spearman: the two series differ in length");
  return pearson(ranks(xs), ranks(ys));
}

/** Mean absolute difference of paired numbers; null without pairs. */
export function meanAbsoluteDifference(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error("meanAbsoluteDifference: the two series differ in length");
  if (xs.length === 0) return null;
  return xs.reduce((sum, x, i) => sum + Math.abs(x - ys[i]!), 0) / xs.length;
}

/** Share of units whose values all agree, among units with at least two values; null without such units. */
export function percentAgreement(units: readonly (readonly (Value | null | undefined)[])[]): number | null {
  const pairable = units.map((unit) => unit.filter((v) => v !== null && v !== undefined)).filter((unit) => unit.length >= 2);
  if (!pairable.length) return null;
  return pairable.filter((unit) => unit.every((v) => v === unit[0])).length / pairable.length;
}
