import type { Aspect, ScorerOutput } from "@/lib/llm/contracts";

/**
 * The scorer's nine aspects are the sample's reflection: high scores are its merits, low ones its
 * faults, each with the scorer's reason. The total score ranks samples in memory.
 */
export interface Reflection {
  total: number;
  merits: { aspect: Aspect; score: number; reason: string }[];
  faults: { aspect: Aspect; score: number; reason: string }[];
  /** The raw per-aspect answer, kept as the scorer gave it. */
  aspects: ScorerOutput;
  /** How its tests went in the sandbox, e.g. "pass after 1 self-correction" or "fail: exit code 1: …". */
  tests?: string;
}

const MERIT_AT = 4;

export function reflectionFromScores(aspects: ScorerOutput): Reflection {
  const scored = aspects.filter((aspect) => aspect.expert !== "total" && aspect.score !== null) as {
    expert: Aspect;
    score: number;
    reason: string;
  }[];
  const given = aspects.find((aspect) => aspect.expert === "total")?.score;
  // The paper does not say how the total relates to the aspects: use the scorer's own total when
  // it gives one, the mean of the scored aspects otherwise.
  const total = given ?? (scored.length ? scored.reduce((sum, aspect) => sum + aspect.score, 0) / scored.length : 1);
  return {
    total,
    merits: scored.filter((a) => a.score >= MERIT_AT).map((a) => ({ aspect: a.expert, score: a.score, reason: a.reason })),
    faults: scored.filter((a) => a.score < MERIT_AT).map((a) => ({ aspect: a.expert, score: a.score, reason: a.reason })),
    aspects,
  };
}

const LABEL: Record<Aspect, string> = {
  consistency: "Q&A consistency",
  relevance: "relevance",
  difficulty: "difficulty",
  code_exists: "code present",
  code_correctness: "code correctness",
  clarity: "clarity",
  comments: "comments",
  easy_to_learn: "easy to learn",
  total: "total",
};

/** The reflection as the next prompt shows it. */
export function formatReflection(reflection: Pick<Reflection, "total" | "merits" | "faults" | "tests">): string {
  const line = (item: { aspect: Aspect; score: number; reason: string }) => `${LABEL[item.aspect]} ${item.score}/5: ${item.reason}`;
  const merits = reflection.merits.length ? reflection.merits.map(line).join("; ") : "none noted";
  const faults = reflection.faults.length ? reflection.faults.map(line).join("; ") : "none noted";
  return `Total ${reflection.total.toFixed(1)}/5. Merits: ${merits}. Faults: ${faults}.${reflection.tests ? ` Tests: ${reflection.tests}.` : ""}`;
}
