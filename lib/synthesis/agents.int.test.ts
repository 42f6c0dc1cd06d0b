import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { memorySignature } from "@/lib/agents/memory-store";
import { reflectionFromScores } from "@/lib/agents/reflection";
import { ASPECTS, ScorerOutput } from "@/lib/llm/contracts";
import { AGENT_BATCH, createAgents } from "@/lib/synthesis/agents";
import { parseProjectSettings } from "@/lib/synthesis/settings";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const scores = ASPECTS.map((expert) => ({ expert, score: 4, reason: "fine" }));

describe("the agents stage (PER_SEED)", () => {
  it("makes one agent per kept seed, its memory opened with that seed, across batches, and never twice when run again or at once", async () => {
    const project = await db.project.create({ data: { slug: "agents-batches", name: "agents-batches", languages: [], settings: {} } });
    const settings = parseProjectSettings({});
    // More seeds than two batches hold, some dropped: those start no agent.
    const count = 2 * AGENT_BATCH + 11;
    const snippets = await db.snippet.createManyAndReturn({
      data: Array.from({ length: count }, (_, i) => ({
        projectId: project.id,
        code: `code ${i}`,
        language: ["python", "go", "rust"][i % 3]!,
        contentHash: `agents-${i}`,
        tokenCount: 2,
      })),
    });
    const seeds = await db.seedSample.createManyAndReturn({
      data: snippets.map((snippet, i) => ({
        projectId: project.id,
        snippetId: snippet.id,
        kind: "DS1" as const,
        language: snippet.language,
        instruction: `instruction ${i}`,
        solution: `solution ${i}`,
        scores,
        totalScore: 4,
        status: i % 5 === 0 ? ("DROPPED" as const) : ("KEPT" as const),
      })),
    });
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
      const total = reflectionFromScores(ScorerOutput.parse(scores)).total;
      expect(agent.memoryEvents).toMatchObject([
        { seq: 1, kind: "INSERTED", seedSampleId: seed.id, similarity: 0, reason: `seed sample (DS1): score ${total.toFixed(1)}` },
      ]);
      expect(agent.memoryItems).toMatchObject([
        { status: "IN_MEMORY", instruction: seed.instruction, solution: seed.solution, score: total },
      ]);
      expect(agent.memoryItems[0]!.signature).toEqual(memorySignature(seed));
      expect(agent.memoryEvents[0]!.memoryItemId).toBe(agent.memoryItems[0]!.id);
    }
  });
});
