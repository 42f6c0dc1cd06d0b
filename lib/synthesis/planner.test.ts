import { describe, expect, it } from "vitest";
import { hash32, seededRandom } from "@/lib/random";
import { chooseTarget, groupAgents, planRound, wantsAnotherRound, type PlanAgent } from "@/lib/synthesis/planner";
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

describe("rounds at the default settings", () => {
  it("puts every agent in several discussions, with new partners each round, so memories grow between them", () => {
    const settings = parseProjectSettings({}).discussion;
    expect(settings.rounds).toBeGreaterThan(1);
    const pool = agents({ python: 10, java: 10, cpp: 10 });
    const joined = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (let round = 0; wantsAnotherRound({ round, rounds: settings.rounds, insertedLastRound: round ? 1 : undefined }); round++) {
      const plan = planRound({
        agents: pool,
        languages: LANGS.slice(0, 3),
        settings,
        produced: {},
        resources: {},
        offset: round * 10,
        max: Number.POSITIVE_INFINITY,
        random: seededRandom(hash32("run", round)),
      });
      for (const { agentIds } of plan)
        for (const id of agentIds) {
          joined.set(id, (joined.get(id) ?? 0) + 1);
          for (const other of agentIds) if (other < id) pairs.set(`${other}+${id}`, (pairs.get(`${other}+${id}`) ?? 0) + 1);
        }
    }
    expect(new Set(joined.values())).toEqual(new Set([settings.rounds]));
    // Regrouped each round: most pairs of partners meet once.
    const repeated = [...pairs.values()].filter((n) => n > 1).length;
    expect(repeated / pairs.size).toBeLessThan(0.2);
  });

  it("stops at `rounds`, or earlier once every memory offer of a round was rejected as too similar", () => {
    expect(wantsAnotherRound({ round: 0, rounds: 3, insertedLastRound: undefined })).toBe(true);
    expect(wantsAnotherRound({ round: 1, rounds: 3, insertedLastRound: 4 })).toBe(true);
    expect(wantsAnotherRound({ round: 2, rounds: 3, insertedLastRound: 0 })).toBe(false);
    expect(wantsAnotherRound({ round: 3, rounds: 3, insertedLastRound: 9 })).toBe(false);
  });
});
