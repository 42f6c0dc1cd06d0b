import type { VerifyResult } from "@/lib/sandbox/verify";

/**
 * Pairs by execution (paper §2.6 leaves the rule open, research/paper.md §5.11): identical answers
 * are one answer (sampled k times), so a pair never sets an answer against itself and a query's
 * pairs are all different. Chosen: the passing answers the model gave most often first (its usual
 * right answer, the one preference training should make likelier). Rejected: answers that ran and
 * gave wrong results first (the near misses the tests tell apart), then errors and timeouts; among
 * those, the most frequent first. The i-th chosen meets the i-th rejected: no answer appears twice.
 */

export type Sample = { index: number; solution: string };
/** One distinct answer: its first sample's index, and how many samples gave it. */
export type Group = Sample & { times: number };
export type JudgedGroup = Group & { result: Pick<VerifyResult, "status" | "reason"> };
export type DpoOutcomeName = "PAIRED" | "ALL_PASS" | "ALL_FAIL";

/** Whitespace at the ends and line-end style never make two answers different. */
const normalize = (code: string) => code.replace(/\r\n/g, "\n").trim();

export function groupAnswers(answers: Sample[]): Group[] {
  const groups = new Map<string, Group>();
  for (const answer of answers) {
    const key = normalize(answer.solution);
    const group = groups.get(key);
    if (group) group.times += 1;
    else groups.set(key, { ...answer, times: 1 });
  }
  return [...groups.values()];
}

const byFrequency = (a: Group, b: Group) => b.times - a.times || a.index - b.index;

export function pairAnswers(
  judged: JudgedGroup[],
  pairsPerQuery: number,
): { passed: number; failed: number; outcome: DpoOutcomeName; pairs: { chosen: JudgedGroup; rejected: JudgedGroup }[] } {
  const passing = judged.filter((g) => g.result.status === "pass").sort(byFrequency);
  const failing = judged
    .filter((g) => g.result.status !== "pass")
    .sort((a, b) => Number(b.result.status === "fail") - Number(a.result.status === "fail") || byFrequency(a, b));
  const samples = (groups: Group[]) => groups.reduce((n, g) => n + g.times, 0);
  const passed = samples(passing);
  const failed = samples(failing);
  const outcome = passed && failed ? "PAIRED" : passed ? "ALL_PASS" : "ALL_FAIL";
  const pairs = Array.from({ length: Math.min(pairsPerQuery, passing.length, failing.length) }, (_, i) => ({
    chosen: passing[i]!,
    rejected: failing[i]!,
  }));
  return { passed, failed, outcome, pairs };
}

export function pairRule({ chosen, rejected, count }: { chosen: JudgedGroup; rejected: JudgedGroup; count: number }): string {
  const times = (g: Group) => (g.times > 1 ? `, given ${g.times} times` : "");
  const how = rejected.result.status === "fail" ? "fails them" : `ends in ${rejected.result.status}`;
  return `chosen passes the test writer's tests (sample ${chosen.index + 1} of ${count}${times(chosen)}); rejected ${how} (sample ${rejected.index + 1}${times(rejected)}): ${rejected.result.reason.slice(0, 300)}`;
}
