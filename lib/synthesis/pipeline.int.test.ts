import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { listenLive } from "@/lib/live/listen";
import type { LiveEvent } from "@/lib/live/publisher";
import { LANGUAGE_NAMES, type Language } from "@/lib/languages";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { PROBE_STAGE } from "@/lib/llm/structured-output";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject, testSnippets, turnText, waitForRun } from "@/lib/testing/synthesis";

/**
 * The whole synthesis engine against the scripted model server over HTTP, a real worker on the
 * PostgreSQL queue, and real snippets imported through stage 0.
 */

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;

beforeAll(async () => {
  server = await startModelServer({ port: 0, seed: 7, wrongRate: 0.3, ttftMs: 5, tokensPerSecond: 20_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 8, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

type Event = { seq: number; kind: string; memoryItemId: string | null; similarity: number | null };

/** Replays an agent's memory events and checks the paper's rules held at every step. */
async function checkMemoryInvariants(agentId: string) {
  const agent = await db.agent.findUniqueOrThrow({ where: { id: agentId } });
  const events: Event[] = await db.memoryEvent.findMany({ where: { agentId }, orderBy: { seq: "asc" } });
  const items = new Map((await db.memoryItem.findMany({ where: { agentId } })).map((item) => [item.id, item]));
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  const inMemory = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (event.kind === "INSERTED") {
      expect(event.similarity!).toBeLessThan(agent.similarityThreshold);
      inMemory.add(event.memoryItemId!);
    } else if (event.kind === "REJECTED_TOO_SIMILAR") {
      expect(event.similarity!).toBeGreaterThanOrEqual(agent.similarityThreshold);
      expect(inMemory.has(event.memoryItemId!)).toBe(true); // similar to something that was stored
    } else {
      // Evicted: the lowest score among what was stored (the sample just inserted included).
      const lowest = Math.min(...[...inMemory].map((id) => items.get(id)!.score));
      expect(items.get(event.memoryItemId!)!.score).toBe(lowest);
      inMemory.delete(event.memoryItemId!);
    }
    // Over capacity only for the instant between an insert and the eviction that follows it.
    if (inMemory.size > agent.memoryCapacity) expect(events[i + 1]?.kind).toBe("EVICTED");
    expect(inMemory.size).toBeLessThanOrEqual(agent.memoryCapacity + 1);
  }
  expect(inMemory.size).toBeLessThanOrEqual(agent.memoryCapacity);
  const stored = [...items.values()].filter((item) => item.status === "IN_MEMORY").map((item) => item.id);
  expect(new Set(stored)).toEqual(inMemory);
}

describe("a synthesis run, stages 1 to 5", () => {
  it("turns 30 snippets into scored seeds, per-seed agents and two rounds of discussions with full provenance", async () => {
    const snippets = testSnippets(5);
    const { projectId } = await createSynthesisProject({
      db,
      slug: "pipeline",
      baseUrl: server.url,
      snippets,
      settings: {
        memory: { capacity: 2, similarityThreshold: 0.6 },
        discussion: { groupSize: 3, centralizedShare: 0.5, rounds: 2, targetPolicy: "round_robin" },
      },
    });
    const live: LiveEvent[] = [];
    const listener = await listenLive(env.DATABASE_URL!, (event) => live.push(event));
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await listener.close();

    const items = await db.runItem.findMany({ where: { runId: run.id } });
    expect(items.filter((item) => item.status !== "DONE")).toEqual([]);
    expect(items.filter((item) => item.stage === "SEED")).toHaveLength(snippets.length * 2); // one per (snippet, kind)

    // Stage 1: both kinds for every snippet, kept exactly when at or above the threshold.
    const seeds = await db.seedSample.findMany({ where: { projectId } });
    expect(seeds).toHaveLength(snippets.length * 2);
    expect(new Set(seeds.map((s) => s.kind))).toEqual(new Set(["DS1", "DS2"]));
    for (const seed of seeds) expect(seed.status).toBe(seed.totalScore >= 3.5 ? "KEPT" : "DROPPED");
    const kept = seeds.filter((s) => s.status === "KEPT");
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(seeds.length); // the scorer caught wrong answers
    // Every kept pair, and only those, is a reviewable item: source DS1/DS2, the seed's score, one
    // agent revision with the seed's text and no tests, unverified, and in no VERIFY run.
    const seedItems = await db.candidate.findMany({
      where: { projectId, source: { in: ["DS1", "DS2"] } },
      include: { revisions: true, verificationRuns: true },
    });
    expect(seedItems.map((c) => c.seedSampleId).sort()).toEqual(kept.map((s) => s.id).sort());
    for (const item of seedItems) {
      const seed = kept.find((s) => s.id === item.seedSampleId)!;
      expect(item).toMatchObject({ source: seed.kind, language: seed.language, totalScore: seed.totalScore, reviewStatus: "PENDING" });
      expect(item.revisions).toEqual([
        expect.objectContaining({ number: 1, authorKind: "AGENT", instruction: seed.instruction, solution: seed.solution, tests: "" }),
      ]);
      expect(item.currentRevisionId).toBe(item.revisions[0]!.id);
      expect(item.verificationRuns).toEqual([]);
    }

    // Stage 2: one agent per kept seed, its memory opened with that seed.
    const agents = await db.agent.findMany({ where: { projectId } });
    expect(agents).toHaveLength(kept.length);
    for (const agent of agents) {
      const first = await db.memoryEvent.findFirstOrThrow({ where: { agentId: agent.id, seq: 1 } });
      expect(first).toMatchObject({ kind: "INSERTED", seedSampleId: agent.seedSampleId });
      await checkMemoryInvariants(agent.id);
    }
    const kinds = await db.memoryEvent.groupBy({ by: ["kind"], where: { agent: { projectId } }, _count: true });
    // Inserts and evictions always happen here; a rejection needs two samples alike, which the scripted
    // server's draws give on most runs but not all (lib/agents/memory-policy.test.ts plants them).
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(["EVICTED", "INSERTED"]));

    // Stage 5: two rounds, every agent in one discussion per round, both modes.
    const discussions = await db.discussion.findMany({
      where: { runId: run.id },
      include: {
        participants: true,
        turns: { orderBy: { seq: "asc" }, include: { prompt: true } },
        candidates: {
          include: {
            currentRevision: true,
            seeds: { include: { seedSample: true } },
            revisions: { orderBy: { number: "asc" } },
            verificationRuns: { orderBy: { round: "asc" } },
          },
        },
      },
    });
    expect(new Set(discussions.map((d) => d.planRound))).toEqual(new Set([1, 2]));
    for (const round of [1, 2]) {
      const inRound = discussions.filter((d) => d.planRound === round).flatMap((d) => d.participants.map((p) => p.agentId));
      expect(inRound.sort()).toEqual(agents.map((a) => a.id).sort());
    }
    expect(new Set(discussions.map((d) => d.mode))).toEqual(new Set(["CENTRALIZED", "PARALLEL"]));
    for (const discussion of discussions) {
      expect(discussion.status).toBe("SUCCEEDED");
      expect(discussion.mainAgentId !== null).toBe(discussion.mode === "CENTRALIZED");
      // Every prompt, every answer and every sandbox run is on the log, in order: the proposal is
      // verified, each failure is answered by a correction that is verified in turn, then scored and
      // judged against its source (elimination), which may drop it.
      const kinds = discussion.turns.map((t) => t.kind).join(" ");
      expect(kinds).toMatch(/^PROMPT PROPOSAL VERIFICATION( PROMPT CORRECTION VERIFICATION)* PROMPT SCORE PROMPT JUDGEMENT( ELIMINATED)?$/);
      expect(discussion.turns.map((t) => t.seq)).toEqual(discussion.turns.map((_, i) => i + 1));
      const modelTurns = discussion.turns.filter((t) => t.kind !== "PROMPT" && t.kind !== "VERIFICATION" && t.kind !== "ELIMINATED");
      for (const turn of modelTurns) expect(turn.llmCallId).not.toBeNull();
      // The answers streamed live, token by token, before they were stored whole.
      for (const turn of modelTurns) {
        const streamed = live
          .filter((e) => e.type === "delta" && e.discussionId === discussion.id && e.seq === turn.seq)
          .map((e) => (e as { text: string }).text);
        expect(streamed.join("")).toBe(turn.content);
      }
      expect(live.filter((e) => e.type === "turn" && e.discussionId === discussion.id).map((e) => (e as { seq: number }).seq)).toEqual(
        discussion.turns.map((t) => t.seq),
      );
      const prompt = turnText(discussion.turns[0]!);
      for (const block of ["[Memory]", "[Guidelines]", "[Reflection]", "[Goal]", "[Communication]"]) expect(prompt).toContain(block);
      expect(prompt).toContain(`specifies the programming language ${LANGUAGE_NAMES[discussion.targetLanguage as Language]}`);
      // One candidate with its first revision and the seeds it came from (none when eliminated).
      if (kinds.endsWith("ELIMINATED")) {
        expect(discussion.candidates).toEqual([]);
        continue;
      }
      expect(discussion.candidates).toHaveLength(1);
      const candidate = discussion.candidates[0]!;
      expect(candidate.language).toBe(discussion.targetLanguage);
      // One revision per version (the original, then each correction), each with its sandbox run.
      const verifications = discussion.turns.filter((t) => t.kind === "VERIFICATION");
      expect(candidate.revisions).toHaveLength(verifications.length);
      expect(candidate.revisions.map((r) => r.parentId)).toEqual([null, ...candidate.revisions.slice(0, -1).map((r) => r.id)]);
      expect(candidate.currentRevision).toMatchObject({ number: candidate.revisions.length, authorKind: "AGENT" });
      expect(candidate.currentRevision!.tests.length).toBeGreaterThan(0);
      expect(candidate.verificationRuns.map((v) => [v.round, v.revisionId])).toEqual(candidate.revisions.map((r, i) => [i, r.id]));
      for (const [i, run] of candidate.verificationRuns.entries()) {
        expect(run).toMatchObject({ language: candidate.language, toolchainVersion: expect.stringMatching(/\d/) });
        expect(run.durationMs).toBeGreaterThan(0);
        expect(verifications[i]!.content.startsWith(run.status.toLowerCase())).toBe(true);
        // Only the last version may pass: a pass ends the corrections.
        if (i < candidate.verificationRuns.length - 1) expect(run.status).not.toBe("PASS");
      }
      expect(candidate.verificationStatus).toBe(candidate.verificationRuns.at(-1)!.status);
      expect(candidate.totalScore).toBeGreaterThanOrEqual(1);
      const participantSeeds = agents.filter((a) => discussion.participants.some((p) => p.agentId === a.id)).map((a) => a.seedSampleId);
      for (const seedId of participantSeeds) expect(candidate.seeds.map((s) => s.seedSampleId)).toContain(seedId);
    }

    // The scripted server's wrong answers failed their tests and were corrected (its corrections
    // are the bank's right answer), so every candidate ends passing, some after a correction.
    const candidates = discussions.flatMap((d) => d.candidates);
    expect(candidates.every((c) => c.verificationStatus === "PASS")).toBe(true);
    // The quality gate ran where the items were made: every seed item and candidate checked at its current revision.
    expect([...seedItems, ...candidates].filter((c) => c.qualityCheckedAt === null)).toEqual([]);
    const corrected = candidates.filter((c) => c.revisions.length > 1);
    expect(corrected.length).toBeGreaterThan(0);
    for (const candidate of corrected)
      expect(
        candidate.verificationRuns[0]!.stderrExcerpt ??
          candidate.verificationRuns[0]!.stdoutExcerpt ??
          candidate.verificationRuns[0]!.reason,
      ).toBeTruthy();
    // What the sandbox said reaches the agents' reflections, and so their next prompts.
    const remembered = await db.memoryItem.findMany({
      where: { candidateId: { in: candidates.map((c) => c.id) } },
      select: { reflection: true },
    });
    expect(remembered.length).toBeGreaterThan(0);
    for (const item of remembered) expect((item.reflection as { tests?: string }).tests).toMatch(/^pass( after \d self-corrections?)?$/);
    const corrections = discussions.reduce((n, d) => n + d.turns.filter((t) => t.kind === "CORRECTION").length, 0);

    // Round robin over the ten languages: targets as even as the count allows.
    const perTarget = Object.values(
      discussions.reduce<Record<string, number>>((count, d) => ({ ...count, [d.targetLanguage]: (count[d.targetLanguage] ?? 0) + 1 }), {}),
    );
    expect(Math.max(...perTarget) - Math.min(...perTarget)).toBeLessThanOrEqual(1);

    // Accounting: every call is attributed to the run, by stage.
    const calls = await db.llmCall.groupBy({ by: ["stage"], where: { runId: run.id }, _sum: { calls: true } });
    // The endpoint is AUTO: its first structured call probes once which response_format the server honours (one or two requests).
    const { [PROBE_STAGE]: probes, ...byStage } = Object.fromEntries(calls.map((c) => [c.stage, c._sum.calls]));
    expect(probes).toBeGreaterThanOrEqual(1);
    expect(probes).toBeLessThanOrEqual(2);
    expect(byStage).toEqual({
      seed: snippets.length * 2 * 2,
      "seed-score": snippets.length * 2,
      discussion: discussions.length * 3 + corrections, // propose, score, judge (elimination)
    });
  }, 180_000);

  it("runs debates between persistent per-language agents, targets new languages and respects budgets", async () => {
    const snippets = testSnippets(3);
    // No evolution eliminated: a round here is two discussions, and both eliminated (the shared
    // server eliminates one in ten) left no memory insert, so no second round.
    const keeping = await startModelServer({ port: 0, seed: 7, wrongRate: 0.3, eliminateRate: 0, ttftMs: 5, tokensPerSecond: 20_000 });
    onTestFinished(() => keeping.close());
    const { projectId } = await createSynthesisProject({
      db,
      slug: "debates",
      baseUrl: keeping.url,
      snippets,
      settings: {
        agents: { scope: "PER_LANGUAGE" },
        memory: { capacity: 3, similarityThreshold: 0.6 },
        discussion: {
          groupSize: 3,
          centralizedShare: 1,
          debate: true,
          debateRounds: 2,
          targetPolicy: "new",
          rounds: 3,
          budgets: { python: 0, rust: 1 },
        },
      },
    });
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");

    const agents = await db.agent.findMany({ where: { projectId } });
    const keptLanguages = await db.seedSample.findMany({
      where: { projectId, status: "KEPT" },
      distinct: ["language"],
      select: { language: true },
    });
    expect(agents.map((a) => a.language).sort()).toEqual(keptLanguages.map((s) => s.language).sort());
    expect(agents.every((a) => a.scope === "PER_LANGUAGE" && a.seedSampleId === null)).toBe(true);
    for (const agent of agents) await checkMemoryInvariants(agent.id);

    const discussions = await db.discussion.findMany({
      where: { runId: run.id },
      include: { participants: { include: { agent: true } }, turns: { orderBy: { seq: "asc" } } },
    });
    expect(discussions.length).toBeGreaterThanOrEqual(3);
    for (const discussion of discussions) {
      expect(discussion.status).toBe("SUCCEEDED");
      // propose → (critique × others → revise) → … → final, then the score; each a prompt and an answer.
      const others = discussion.participants.length - 1;
      const answers = discussion.turns.filter((t) => t.kind !== "PROMPT").map((t) => t.kind);
      const debate = ["PROPOSAL", ...Array(others).fill("CRITIQUE"), "REVISION", ...Array(others).fill("CRITIQUE"), "FINAL"];
      expect(answers.slice(0, debate.length)).toEqual(debate);
      expect(answers.slice(debate.length).join(" ")).toMatch(/^VERIFICATION( CORRECTION VERIFICATION)* SCORE JUDGEMENT( ELIMINATED)?$/);
      // Each model answer right after its prompt; sandbox runs are turns of their own.
      for (const [i, turn] of discussion.turns.entries())
        if (turn.kind !== "PROMPT" && turn.kind !== "VERIFICATION" && turn.kind !== "ELIMINATED")
          expect(discussion.turns[i - 1]!.kind).toBe("PROMPT");
      expect(discussion.round).toBe(2);
      // "new": the target is a language none of the participants speaks, when one is left.
      const spoken = discussion.participants.map((p) => p.agent.language);
      expect(spoken).not.toContain(discussion.targetLanguage);
    }
    // Budgets: python never targeted, rust at most once.
    const targets = discussions.map((d) => d.targetLanguage);
    expect(targets).not.toContain("python");
    expect(targets.filter((t) => t === "rust").length).toBeLessThanOrEqual(1);
    // Persistent agents remember across discussions: later prompts show earlier candidates in [Memory].
    const lastRound = discussions.filter((d) => d.planRound === 3);
    const remembered = await db.memoryItem.count({ where: { agent: { projectId }, candidateId: { not: null } } });
    expect(lastRound.length).toBeGreaterThan(0);
    expect(remembered).toBeGreaterThan(0);
  });
});
