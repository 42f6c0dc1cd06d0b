import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { ASPECTS } from "@/lib/llm/contracts";
import { createAgents } from "@/lib/synthesis/agents";
import { parseProjectSettings } from "@/lib/synthesis/settings";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const scores = ASPECTS.map((expert) => ({ expert, score: 4, reason: "fine" }));

describe("the agents stage (PER_SEED)", () => {
  it("makes one agent per kept seed, its memory opened with that seed, across batches, and never twice when run again or at once", async () => {
    const project = await db.project.create({ data: { slug: "agents-batches", name: "agents-batches", languages: [], settings: {} } });
    const settings = parseProjectSettings({});
    // More seeds than one batch holds (25), some dropped: those start no agent.
    const seeds = [];
    for (let i = 0; i < 61; i++) {
      const language = ["python", "go", "rust"][i % 3]!;
      const snippet = await db.snippet.create({
        data: { projectId: project.id, code: `code ${i}`, language, contentHash: `agents-${i}`, tokenCount: 2 },
      });
      seeds.push(
        await db.seedSample.create({
          data: {
            projectId: project.id,
            snippetId: snippet.id,
            kind: "DS1",
            language,
            instruction: `instruction ${i}`,
            solution: `solution ${i}`,
            scores,
            totalScore: 4,
            status: i % 5 === 0 ? "DROPPED" : "KEPT",
          },
        }),
      );
    }
    const kept = seeds.filter((seed) => seed.status === "KEPT");

    // Two workers at once (a job taken for dead runs twice), then once more: the agents are made once.
    const [first, second] = await Promise.all([
      createAgents({ db, projectId: project.id, settings }),
      createAgents({ db, projectId: project.id, settings }),
    ]);
    expect(first.created + second.created).toBe(kept.length);
    expect((await createAgents({ db, projectId: project.id, settings })).created).toBe(0);

    const agents = await db.agent.findMany({ where: { projectId: project.id }, include: { memoryEvents: true, memoryItems: true } });
    expect(agents.map((agent) => agent.seedSampleId).sort()).toEqual(kept.map((seed) => seed.id).sort());
    for (const agent of agents) {
      const seed = kept.find((s) => s.id === agent.seedSampleId)!;
      expect(agent.language).toBe(seed.language);
      expect(agent.scope).toBe("PER_SEED");
      expect(agent.memoryEvents).toMatchObject([{ seq: 1, kind: "INSERTED", seedSampleId: seed.id }]);
      expect(agent.memoryItems).toMatchObject([{ status: "IN_MEMORY", instruction: seed.instruction, solution: seed.solution }]);
    }
  });
});
