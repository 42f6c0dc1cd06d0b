/**
 * The unbiased pass@k estimator of Chen et al. (2021): with n samples of which c pass,
 * 1 − C(n−c, k) / C(n, k), computed as 1 − ∏_{i=n−c+1}^{n} (1 − k/i) so that no binomial
 * coefficient (which overflows for n in the hundreds) is ever formed.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || c < 0 || c > n || k < 1 || k > n)
    throw new RangeError(`pass@k needs whole numbers 0 ≤ c ≤ n and 1 ≤ k ≤ n (n=${n}, c=${c}, k=${k}).`);
  if (n - c < k) return 1;
  let fail = 1;
  for (let i = n - c + 1; i <= n; i++) fail *= 1 - k / i;
  return 1 - fail;
}

/** The mean of pass@k over problems, each with its own n and c (a problem with fewer than k samples counts with k = n). */
export function meanPassAtK(problems: { n: number; c: number }[], k: number): number {
  const scored = problems.filter((problem) => problem.n > 0);
  if (!scored.length) return 0;
  return scored.reduce((sum, { n, c }) => sum + passAtK(n, c, Math.min(k, n)), 0) / scored.length;
}
