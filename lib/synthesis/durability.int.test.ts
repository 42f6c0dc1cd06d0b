import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";
import { newSecretKey } from "@/lib/llm/secrets";
import { evenFaults, startModelServer } from "@/model-server/server";
import { runOutcome } from "@/lib/synthesis/outcome";
import { PROBE_STAGE } from "@/lib/llm/structured-output";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { startWorkerProcess } from "@/lib/testing/worker-process";

/** What a long synthesis run meets in real life: faults, several workers, a worker killed mid-discussion. */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const quiet = () => undefined;

/** Every step of a discussion's log appears once as a prompt and at most once as an answer, in seq order. */
async function checkLogs(runId: string) {
  const discussions = await db.discussion.findMany({ where: { runId }, include: { turns: { orderBy: { seq: "asc" } } } });
  for (const discussion of discussions) {
    expect(discussion.turns.map((t) => t.seq)).toEqual(discussion.turns.map((_, i) => i + 1));
    const steps = (kind: "prompt" | "answer") =>
      discussion.turns
        .filter((t) => (t.kind === "PROMPT") === (kind === "prompt") && t.kind !== "ERROR")
        .map((t) => (t.payload as { step: string }).step);
    expect(new Set(steps("prompt")).size).toBe(steps("prompt").length);
    expect(new Set(steps("answer")).size).toBe(steps("answer").length);
  }
  return discussions;
}

describe("synthesis under stress", () => {
  it("ends every item done or failed with a reason when 30 % of model calls fault", async () => {
    const server = await startModelServer({
      port: 0,
      seed: 11,
      wrongRate: 0.2,
      ttftMs: 5,
      tokensPerSecond: 20_000,
      retryAfterSeconds: 0,
      faults: evenFaults(0.3),
    });
    const worker = await startWorker({
      databaseUrl: env.DATABASE_URL!,
      concurrency: 8,
      secretKey: undefined,
      gateway: {
        timeouts: { firstTokenMs: 1_000, idleMs: 500, totalMs: 15_000 },
        retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
      },
      log: quiet,
    });
    try {
      const { projectId } = await createSynthesisProject({
        db,
        slug: "faults",
        baseUrl: server.url,
        snippets: testSnippets(5),
        // One round (not the default 3): faults across the stages are the subject, not memories growing; it keeps the file quick.
        settings: { discussion: { debate: true, rounds: 1 } },
      });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
      const status = await waitForRun(db, run.id, 180_000);
      const items = await db.runItem.findMany({ where: { runId: run.id } });
      expect(items.every((item) => item.status === "DONE" || item.status === "FAILED")).toBe(true);
      const failed = items.filter((item) => item.status === "FAILED");
      expect(failed.length).toBeGreaterThan(0);
      expect(items.filter((item) => item.status === "DONE").length).toBeGreaterThan(failed.length);
      // Items were lost, and the run says so: how many, per stage, never a plain success.
      const { error } = await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(
        runOutcome(
          (["SEED", "AGENTS", "DISCUSS"] as const).map((stage) => ({
            stage,
            total: items.filter((i) => i.stage === stage).length,
            failed: failed.filter((i) => i.stage === stage).length,
          })),
        ),
      ).toEqual({ status, error });
      expect(status).not.toBe("SUCCEEDED");
      for (const item of failed) expect(item.reason).toMatch(/^(RateLimited|EndpointDown|Timeout|BadOutput|Truncated) from /);
      // A failure that came from unusable output keeps what the model said.
      for (const item of failed.filter((i) => i.reason?.includes("BadOutput"))) expect(item.rawOutput).toBeTruthy();
      // A failed discussion says why, on its row and at the end of its log.
      const discussions = await checkLogs(run.id);
      for (const discussion of discussions.filter((d) => d.status === "FAILED")) {
        expect(discussion.error).toBeTruthy();
        expect(discussion.turns.at(-1)!.kind).toBe("ERROR");
      }
      expect(server.stats().none).toBeGreaterThan(0);
    } finally {
      await worker.stop("test done");
      await server.close();
    }
  });

  it("fails an item whose model output stays unusable after the repair round, keeping the raw output, and goes on", async () => {
    const server = await startModelServer({ port: 0, seed: 14, ttftMs: 1, tokensPerSecond: 50_000, faults: { malformed: 1 } });
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 4, secretKey: undefined, log: quiet });
    try {
      const snippets = testSnippets(1);
      const { projectId } = await createSynthesisProject({ db, slug: "malformed", baseUrl: server.url, snippets });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
      expect(await waitForRun(db, run.id)).toBe("FAILED");
      const seedItems = await db.runItem.findMany({ where: { runId: run.id, stage: "SEED" } });
      expect(seedItems).toHaveLength(snippets.length * 2); // Ds1 and Ds2 of each snippet, each an item
      for (const item of seedItems) {
        expect(item.status).toBe("FAILED");
        expect(item.reason).toMatch(/^BadOutput .*did not match the expected JSON after a repair round/);
        expect(item.rawOutput).toBeTruthy();
      }
      // Nothing to build agents from: that fails too, and the stage after it had nothing to work on.
      expect(await db.agent.count({ where: { projectId } })).toBe(0);
      expect(await db.discussion.count({ where: { runId: run.id } })).toBe(0);
      expect(await db.runItem.findFirst({ where: { runId: run.id, stage: "AGENTS" } })).toMatchObject({
        status: "FAILED",
        reason: expect.stringMatching(/^no agents: no seed pair of the project was kept/),
      });
      expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).error).toBe(
        `seed ${snippets.length * 2} of ${snippets.length * 2} failed; agents 1 of 1 failed; discuss had nothing to work on`,
      );
    } finally {
      await worker.stop("test done");
      await server.close();
    }
  });

  it("never processes an item twice with two workers on one queue", async () => {
    const server = await startModelServer({ port: 0, seed: 12, wrongRate: 0.2, ttftMs: 5, tokensPerSecond: 20_000 });
    const workers = await Promise.all(
      [1, 2].map(() => startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 4, secretKey: undefined, log: quiet })),
    );
    try {
      const snippets = testSnippets(4);
      const { projectId } = await createSynthesisProject({ db, slug: "two-workers", baseUrl: server.url, snippets });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
      expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
      const items = await db.runItem.findMany({ where: { runId: run.id } });
      expect(items.every((item) => item.status === "DONE" && item.attempts === 1)).toBe(true);
      const discussions = await db.discussion.findMany({ where: { runId: run.id }, include: { candidates: true } });
      // One candidate per discussion, but for the evolutions the scorer's judgement eliminated.
      const eliminated = await db.turn.count({ where: { discussion: { runId: run.id }, kind: "ELIMINATED" } });
      expect(discussions.filter((d) => d.candidates.length === 1)).toHaveLength(discussions.length - eliminated);
      expect(discussions.every((d) => d.candidates.length <= 1)).toBe(true);
      expect(items.filter((item) => item.stage === "SEED")).toHaveLength(snippets.length * 2);
      // Exactly the calls the work needs, each made once: 3 per seed kind per snippet, 3 per
      // discussion (proposal, score, judgement) and one per self-correction.
      const corrections = await db.turn.count({ where: { discussion: { runId: run.id }, kind: "CORRECTION" } });
      const calls =
        (await db.llmCall.aggregate({ where: { runId: run.id, errorCode: null, stage: { not: PROBE_STAGE } }, _sum: { calls: true } }))._sum
          .calls ?? 0;
      expect(calls).toBe(snippets.length * 6 + discussions.length * 3 + corrections);
      // Each worker's gateway probes the AUTO endpoint's structured output once (unless the other's answer was stored first).
      const probes = await db.llmCall.count({ where: { runId: run.id, stage: PROBE_STAGE } });
      expect(probes).toBeLessThanOrEqual(4);
      expect(server.stats().none).toBe(calls + probes);
      // Both workers did some of it.
      const lockedBy = await db.$queryRaw<
        { n: number }[]
      >`select count(distinct queue_worker_id)::int as n from workers where queue_worker_id is not null and id = any(${workers.map((w) => w.id)}::uuid[])`;
      expect(lockedBy[0]!.n).toBe(2);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop("test done")));
      await server.close();
    }
  });

  it("continues a discussion from its log after the worker is killed with SIGKILL, without paying again", async () => {
    // Slow answers, so that the kill lands mid-discussion.
    const server = await startModelServer({ port: 0, seed: 13, wrongRate: 0.2, ttftMs: 150, tokensPerSecond: 400 });
    const concurrency = 3;
    const { child, exited } = startWorkerProcess(newSecretKey(), concurrency);
    let survivor: Awaited<ReturnType<typeof startWorker>> | undefined;
    try {
      const { projectId } = await createSynthesisProject({
        db,
        slug: "kill-9",
        baseUrl: server.url,
        snippets: testSnippets(2),
        settings: { agents: { scope: "PER_LANGUAGE" }, discussion: { debate: true, debateRounds: 2, groupSize: 2, rounds: 1 } },
      });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
      // Wait for discussions halfway through their logs.
      await expect
        .poll(async () => db.turn.count({ where: { discussion: { runId: run.id }, kind: { in: ["CRITIQUE", "REVISION"] } } }), {
          timeout: 60_000,
          interval: 50,
        })
        .toBeGreaterThanOrEqual(2);
      child.kill("SIGKILL");
      await exited;
      const before = await db.turn.findMany({
        where: { discussion: { runId: run.id } },
        orderBy: [{ discussionId: "asc" }, { seq: "asc" }],
        select: { id: true, discussionId: true, seq: true },
      });
      const unfinished = await db.discussion.count({ where: { runId: run.id, status: "RUNNING" } });
      expect(unfinished).toBeGreaterThan(0);

      // A new worker finds the dead one (no heartbeat for 5 s), takes its jobs back and finishes.
      survivor = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency, secretKey: undefined, staleSeconds: 5, log: quiet });
      expect(await waitForRun(db, run.id, 120_000)).toBe("SUCCEEDED");
      const discussions = await checkLogs(run.id);
      expect(discussions.every((d) => d.status === "SUCCEEDED")).toBe(true);
      // The log before the kill is still the log's beginning: nothing lost, nothing rewritten.
      const after = await db.turn.findMany({
        where: { id: { in: before.map((t) => t.id) } },
        select: { id: true, discussionId: true, seq: true },
      });
      expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...before].sort((a, b) => a.id.localeCompare(b.id)));
      // Paid calls: each answer on a log was bought once. At most the calls in flight at the kill
      // (one per job) were paid without reaching a log.
      const answers = await db.turn.count({
        where: { discussion: { runId: run.id }, kind: { notIn: ["PROMPT", "ERROR", "VERIFICATION", "ELIMINATED"] } },
      });
      const paid = await db.llmCall.count({ where: { runId: run.id, stage: "discussion", errorCode: null } });
      expect(paid).toBeGreaterThanOrEqual(answers);
      expect(paid - answers).toBeLessThanOrEqual(concurrency);
      const items = await db.runItem.findMany({ where: { runId: run.id } });
      expect(items.every((item) => item.status === "DONE")).toBe(true);
    } finally {
      child.kill("SIGKILL");
      await survivor?.stop("test done");
      await server.close();
    }
  });
});
