const integer = new Intl.NumberFormat("en");

export const count = (n: number) => integer.format(n);
/** A share in [0, 1] as a percentage; a dash when there is nothing to divide. */
export const rate = (r: number | null | undefined) => (r === null || r === undefined ? "—" : `${(r * 100).toFixed(1)}%`);
export const score = (s: number | null | undefined) => (s === null || s === undefined ? "—" : s.toFixed(2));
export const tokens = (t: number | null | undefined) => (t === null || t === undefined ? "—" : integer.format(Math.round(t)));
