import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { Gateway } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { LivePublisher } from "@/lib/live/publisher";
import { SandboxPool } from "@/lib/sandbox/verify";
import { pickEvolutionOperation } from "@/lib/agents/evolution";
import { runDiscussion } from "@/lib/synthesis/discussion";
import { startRun } from "@/lib/synthesis/runs";
import { parseProjectSettings, type ProjectSettingsInput } from "@/lib/synthesis/settings";
import { summarizeRun } from "@/lib/synthesis/summary";
import { createSynthesisProject, testSnippets, turnText, waitForRun } from "@/lib/testing/synthesis";
import { startModelServer, type RunningModelServer } from "@/model-server/server";

/**
 * One evolution operation per discussion, recorded on its prompt and its candidate, and the
 * elimination step, at the default settings (operationsPerDiscussion "one", eliminate on), against
 * two scripted servers: one whose judge finds every evolution harder and different, one that finds
 * none so. Python only, no sandbox, one round: the mechanism, not the pipeline.
 */

const db = createDb(env.DATABASE_URL!);
let keeps: RunningModelServer;
let eliminates: RunningModelServer;
let worker: RunningWorker;

beforeAll(async () => {
  keeps = await startModelServer({ port: 0, seed: 5, wrongRate: 0, eliminateRate: 0, ttftMs: 1, tokensPerSecond: 50_000 });
  eliminates = await startModelServer({ port: 0, seed: 5, wrongRate: 0, eliminateRate: 1, ttftMs: 1, tokensPerSecond: 50_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 4, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await keeps?.close();
  await eliminates?.close();
  await db.$disconnect();
});

const OPERATIONS = ["ask for the result in a streaming fashion", "require an iterative, not recursive, solution", "add a second input"];
const PROFILE = "You are a Python expert who designs problems for learners and checks every edge case.";

async function discuss(slug: string, baseUrl: string, settings: ProjectSettingsInput = {}) {
  const snippets = testSnippets(2).filter((snippet) => snippet.language === "python");
  const { projectId } = await createSynthesisProject({
    db,
    slug,
    baseUrl,
    snippets,
    settings: {
      agents: { profiles: { python: PROFILE }, evolutionOperationsByLanguage: { python: OPERATIONS } },
      discussion: { rounds: 1, groupSize: 2, targetPolicy: "same" },
      verification: { enabled: false },
      ...settings,
    },
  });
  const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
  expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
  const discussions = await db.discussion.findMany({
    where: { runId: run.id },
    include: { turns: { orderBy: { seq: "asc" }, include: { prompt: true } }, candidates: true },
  });
  expect(discussions.length).toBeGreaterThan(0);
  return { projectId, runId: run.id, discussions };
}

describe("evolution operations and elimination", () => {
  it("asks each discussion for one operation of its author's language, records it on the prompt and the candidate, and keeps what the judge passes", async () => {
    const { projectId, discussions } = await discuss("evolve-keep", keeps.url, { verification: { enabled: true } });
    const agents = await db.agent.findMany({ where: { projectId } });
    for (const agent of agents) expect(agent).toMatchObject({ profile: PROFILE, evolutionOperations: OPERATIONS });
    for (const discussion of discussions) {
      const prompt = discussion.turns.find((turn) => turn.kind === "PROMPT")!;
      const payload = prompt.payload as { evolutionOperation: string; step: string };
      const operation = pickEvolutionOperation(discussion.id, OPERATIONS);
      expect(payload).toMatchObject({ step: "propose", evolutionOperation: operation });
      expect(turnText(prompt)).toContain(`[system]\n${PROFILE}`);
      expect(OPERATIONS.filter((op) => turnText(prompt).includes(op))).toEqual([operation]);
      expect(discussion.turns.map((turn) => turn.kind).join(" ")).toMatch(
        /^PROMPT PROPOSAL (VERIFICATION( PROMPT CORRECTION VERIFICATION)* )?PROMPT SCORE PROMPT JUDGEMENT$/,
      );
      expect(discussion.status).toBe("SUCCEEDED");
      expect(discussion.candidates.map((c) => c.evolutionOperation)).toEqual([operation]);
    }
    // The judge saw the author's contribution as the source and the evolution beside it.
    const judged = discussions[0]!.turns.find((turn) => turn.kind === "PROMPT" && (turn.payload as { step: string }).step === "judge")!;
    expect(turnText(judged)).toMatch(/\[Source\][\s\S]*\[Evolved\]/);
  });

  it("eliminates an evolution judged no harder or no different: an ELIMINATED turn, no candidate, no memory offer, counted in the run summary; a replay pays nothing", async () => {
    const { projectId, runId, discussions } = await discuss("evolve-drop", eliminates.url);
    for (const discussion of discussions) {
      expect(discussion.status).toBe("SUCCEEDED");
      expect(discussion.candidates).toEqual([]);
      expect(discussion.turns.map((turn) => turn.kind).join(" ")).toBe("PROMPT PROPOSAL PROMPT SCORE PROMPT JUDGEMENT ELIMINATED");
      expect(discussion.turns.at(-1)!.content).toMatch(/^Eliminated: the evolution is no (harder|different)/);
    }
    expect(await db.candidate.count({ where: { projectId, source: "DS3" } })).toBe(0);
    expect(await db.memoryEvent.count({ where: { agent: { projectId }, seedSampleId: null } })).toBe(0);

    const summary = await summarizeRun(db, runId);
    const stage = summary.stages.find((stage) => stage.stage === "DISCUSS")!;
    expect(stage.languages.find((line) => line.language === "python")?.eliminated).toBe(discussions.length);

    // A worker that died after the ELIMINATED turn, before the status: the replay reads the log.
    const [first] = discussions;
    await db.discussion.update({ where: { id: first!.id }, data: { status: "RUNNING", finishedAt: null } });
    const calls = await db.llmCall.count({ where: { runId } });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    try {
      await runDiscussion({
        db,
        services: { gateway, live: new LivePublisher(db), secretKey: undefined, sandbox: new SandboxPool(1) },
        discussionId: first!.id,
        settings: parseProjectSettings({ verification: { enabled: false } }),
      });
    } finally {
      await gateway.close();
    }
    expect(await db.llmCall.count({ where: { runId } })).toBe(calls);
    expect(await db.turn.count({ where: { discussionId: first!.id } })).toBe(first!.turns.length);
    expect(await db.discussion.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await db.candidate.count({ where: { discussionId: first!.id } })).toBe(0);
  });

  it('lists every operation and skips the judge when set so ("all", eliminate off)', async () => {
    const { discussions } = await discuss("evolve-all", eliminates.url, { agents: { operationsPerDiscussion: "all", eliminate: false } });
    for (const discussion of discussions) {
      const prompt = discussion.turns.find((turn) => turn.kind === "PROMPT")!;
      expect((prompt.payload as { evolutionOperation: unknown }).evolutionOperation).toBeNull();
      for (const operation of [...parseProjectSettings({}).agents.evolutionOperations]) expect(turnText(prompt)).toContain(operation);
      expect(discussion.turns.map((turn) => turn.kind).join(" ")).toBe("PROMPT PROPOSAL PROMPT SCORE");
      expect(discussion.candidates.map((c) => c.evolutionOperation)).toEqual([null]);
    }
  });
});
