/**
 * Which passing answer an independent check keeps as the item's solution. fewest_tokens: the
 * shortest (SelfCodeAlign keeps a passing answer; the shortest teaches the least noise);
 * best_scored: the one the independent tests cover best (KodCode's choice), then the shortest. A
 * tie goes to the item's own solution, so that an item whose answer passes is not rewritten for
 * nothing, then to the earlier sample.
 */
export interface PassingAnswer {
  /** The sample's index, or "own" for the item's current solution. */
  index: number | "own";
  tokens: number;
  coverage: number | null;
}

export function keptAnswer<T extends PassingAnswer>(passing: T[], keep: "fewest_tokens" | "best_scored"): T | undefined {
  const rank = (a: T) => [keep === "best_scored" ? -(a.coverage ?? -1) : 0, a.tokens, a.index === "own" ? -1 : a.index];
  return [...passing].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  })[0];
}
