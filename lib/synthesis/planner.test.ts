import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random";
import { chooseTarget, groupAgents, planRound, type PlanAgent } from "@/lib/synthesis/planner";
import { parseProjectSettings } from "@/lib/synthesis/settings";

const agents = (spec: Record<string, number>): PlanAgent[] =>
  Object.entries(spec).flatMap(([language, n]) => Array.from({ length: n }, (_, i) => ({ id: `${language}-${i}`, language })));

const LANGS = ["python", "java", "cpp", "rust", "bash"];

describe("groupAgents", () => {
  it("puts every agent in exactly one group of d, mixing languages when the pool allows", () => {
    const pool = agents({ python: 4, java: 4, cpp: 4 });
    const groups = groupAgents(pool, 3, seededRandom(1));
    expect(
      groups
        .flat()
        .map((a) => a.id)
        .sort(),
    ).toEqual(pool.map((a) => a.id).sort());
    for (const group of groups) {
      expect(group).toHaveLength(3);
      expect(new Set(group.map((a) => a.language)).size).toBe(3);
    }
  });

  it("never leaves an agent alone in a group", () => {
    const groups = groupAgents(agents({ python: 3, java: 4 }), 3, seededRandom(2));
    expect(groups.map((g) => g.length).sort()).toEqual([3, 4]);
  });
});

describe("chooseTarget", () => {
  const group = [
    { id: "a", language: "python" },
    { id: "b", language: "java" },
  ];
  const base = { group, languages: LANGS, produced: {}, resources: {}, index: 0, budgets: {} };

  it("same: the main agent's language", () => {
    expect(chooseTarget({ ...base, policy: "same" })).toBe("python");
  });

  it("new: a language nobody in the group speaks, the least served first", () => {
    expect(chooseTarget({ ...base, policy: "new", resources: { cpp: 5, rust: 1, bash: 3 } })).toBe("rust");
  });

  it("low resource first: the language with the least data", () => {
    expect(chooseTarget({ ...base, policy: "low_resource_first", resources: { python: 9, java: 9, cpp: 4, rust: 2, bash: 7 } })).toBe(
      "rust",
    );
  });

  it("round robin: continues from the index, skipping languages at their budget", () => {
    expect(chooseTarget({ ...base, policy: "round_robin", index: 2 })).toBe("cpp");
    expect(chooseTarget({ ...base, policy: "round_robin", index: 2, budgets: { cpp: 1 }, produced: { cpp: 1 } })).toBe("rust");
  });

  it("nothing when every language is at its budget; same gives up when its language is", () => {
    const budgets = Object.fromEntries(LANGS.map((l) => [l, 0]));
    expect(chooseTarget({ ...base, policy: "round_robin", budgets })).toBeUndefined();
    expect(chooseTarget({ ...base, policy: "same", budgets: { python: 0 } })).toBeUndefined();
  });
});

describe("planRound", () => {
  const settings = parseProjectSettings({}).discussion;

  it("plans one discussion per group, mixes modes by the centralized share and counts budgets as it goes", () => {
    const plan = planRound({
      agents: agents({ python: 10, java: 10, cpp: 10 }),
      languages: LANGS,
      settings: { ...settings, targetPolicy: "low_resource_first", centralizedShare: 0.5, budgets: { rust: 2 } },
      produced: {},
      resources: { python: 10, java: 10, cpp: 10 },
      offset: 0,
      max: 100,
      random: seededRandom(3),
    });
    expect(plan).toHaveLength(10);
    expect(plan.filter((p) => p.targetLanguage === "rust")).toHaveLength(2);
    const modes = new Set(plan.map((p) => p.mode));
    expect(modes).toEqual(new Set(["CENTRALIZED", "PARALLEL"]));
    // Low resource first spreads over the languages with no data before going back to the rich ones.
    expect(
      plan
        .slice(0, 4)
        .map((p) => p.targetLanguage)
        .sort(),
    ).toEqual(["bash", "bash", "rust", "rust"]);
  });

  it("stops at the maximum", () => {
    const plan = planRound({
      agents: agents({ python: 9 }),
      languages: LANGS,
      settings,
      produced: {},
      resources: {},
      offset: 0,
      max: 2,
      random: seededRandom(4),
    });
    expect(plan).toHaveLength(2);
  });
});
