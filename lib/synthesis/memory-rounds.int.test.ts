import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as agentMemory } from "@/app/api/agents/[id]/memory/route";
import { AgentMemoryTimeline } from "@/lib/agents/memory-timeline-types";
import { formatReflection, type Reflection } from "@/lib/agents/reflection";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { startRun } from "@/lib/synthesis/runs";
import { parseProjectSettings } from "@/lib/synthesis/settings";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { signedInUser } from "@/lib/testing/accounts";
import { routeCaller } from "@/lib/testing/route-call";

/**
 * Memories that grow at the DEFAULT settings: a run plans several rounds, each planned when the
 * previous one settled, so the second round's prompts hold what the first round wrote, with its
 * reflection; every memory event names the discussion and round behind it.
 */

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;

beforeAll(async () => {
  // No evolution judged "no harder": an eliminated discussion offers nothing to memory, and a first
  // round in which nothing was inserted rightly ends the run there, with no second round to look at.
  server = await startModelServer({ port: 0, seed: 11, wrongRate: 0.2, eliminateRate: 0, ttftMs: 1, tokensPerSecond: 50_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 8, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

type PromptPayload = { step: string; memoryItemIds?: string[] };

describe("memory across discussion rounds, at the default settings", () => {
  it("shows round-1 samples and their reflections in round-2 prompts, and ties every memory event to its discussion and round", async () => {
    // Two languages whose sandbox runs are quick; the settings are all defaults. Eight snippets a
    // language make eight discussions a round and about sixteen memory offers in the first, of which
    // the scripted answers get about half rejected as too similar to a seed. With three snippets (three
    // discussions, four to six offers) a CI run once saw the first round insert nothing.
    const languages = ["python", "javascript"];
    const snippets = testSnippets(8).filter((snippet) => languages.includes(snippet.language));
    const { projectId } = await createSynthesisProject({ db, slug: "memory-rounds", baseUrl: server.url, snippets });
    await db.project.update({ where: { id: projectId }, data: { languages } });
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");

    const discussions = await db.discussion.findMany({
      where: { runId: run.id },
      include: { turns: { where: { kind: "PROMPT" }, orderBy: { seq: "asc" }, take: 1, include: { prompt: true } } },
    });
    const rounds = new Set(discussions.map((d) => d.planRound));
    expect(rounds.size).toBeGreaterThan(1);
    expect(Math.max(...rounds)).toBeLessThanOrEqual(parseProjectSettings({}).discussion.rounds);
    const roundOf = new Map(discussions.map((d) => [d.id, d.planRound]));

    const events = await db.memoryEvent.findMany({ where: { agent: { projectId } }, orderBy: [{ agentId: "asc" }, { seq: "asc" }] });
    const fromDiscussions = events.filter((e) => e.seedSampleId === null);
    expect(fromDiscussions.length).toBeGreaterThan(0);
    for (const event of fromDiscussions) {
      expect(roundOf.get(event.discussionId!)).toBe(event.round);
      if (event.kind === "INSERTED" || event.kind === "REJECTED_TOO_SIMILAR") expect(event.candidateId).not.toBeNull();
    }
    // An eviction names the sample that took the place (none when the new sample itself was the lowest).
    const items = new Map((await db.memoryItem.findMany({ where: { agent: { projectId } } })).map((item) => [item.id, item]));
    for (const [i, event] of events.entries())
      if (event.kind === "EVICTED" && event.replacedById) {
        expect(events[i - 1]).toMatchObject({ kind: "INSERTED", memoryItemId: event.replacedById, agentId: event.agentId });
      }
    const insertedAt = new Map(events.filter((e) => e.kind === "INSERTED").map((e) => [e.memoryItemId!, e]));

    // Every [Memory] sample of a prompt was stored before the discussion's round began, and the
    // prompt holds its text and its reflection.
    let carried = 0;
    for (const discussion of discussions) {
      const prompt = discussion.turns[0]!.payload as unknown as PromptPayload;
      expect(prompt.step).toBe("propose");
      expect(prompt.memoryItemIds!.length).toBeGreaterThan(0);
      const messages = discussion.turns[0]!.prompt!.messages as { role: string; content: string }[];
      const text = messages.map((m) => m.content).join("\n");
      for (const id of prompt.memoryItemIds!) {
        const item = items.get(id)!;
        const cause = insertedAt.get(id)!;
        if (cause.round !== null) expect(cause.round).toBeLessThan(discussion.planRound);
        expect(text).toContain(item.instruction);
        expect(text).toContain(formatReflection(item.reflection as unknown as Reflection));
        if (cause.round !== null) carried += 1;
      }
    }
    // Later rounds learn from earlier ones: samples written in a discussion reach later prompts.
    expect(carried).toBeGreaterThan(0);
    const grown = await db.agent.count({
      where: { projectId, memoryItems: { some: { candidateId: { not: null }, status: "IN_MEMORY" } } },
    });
    expect(grown).toBeGreaterThan(0);

    // The agent page's API: the timeline by round, each event with its sample (and, evicted, what replaced it).
    const { cookie } = await signedInUser(db, { email: "viewer@memory.test", project: { id: projectId, role: "VIEWER" } });
    const call = routeCaller(() => cookie);
    const busiest = fromDiscussions.reduce<Record<string, number>>((n, e) => ({ ...n, [e.agentId]: (n[e.agentId] ?? 0) + 1 }), {});
    const agentId = Object.entries(busiest).sort((a, b) => b[1] - a[1])[0]![0];
    const response = await call(agentMemory, "GET", `/api/agents/${agentId}/memory`, { id: agentId });
    expect(response.status).toBe(200);
    const timeline = AgentMemoryTimeline.parse(response.body);
    expect(timeline.events.map((e) => e.seq)).toEqual(events.filter((e) => e.agentId === agentId).map((e) => e.seq));
    expect(timeline.events[0]).toMatchObject({ kind: "INSERTED", round: null });
    for (const event of timeline.events) {
      expect(event.sample).not.toBeNull();
      if (event.kind === "REJECTED_TOO_SIMILAR") expect(event.offered?.instruction).toBeTruthy();
    }
    const missing = await call(agentMemory, "GET", "/api/agents/nope/memory", { id: "nope" });
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
  }, 120_000);
});
