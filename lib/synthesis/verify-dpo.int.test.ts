import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import type { Language } from "@/lib/languages";
import { BANK } from "@/model-server/bank";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { callsByRole } from "@/lib/testing/paid-calls";

/**
 * The VERIFY and DPO stages on real candidates from a real run: the worker executes code in the
 * real sandbox, the scripted model server answers (wrongly 30 % of the time, with its bank's
 * plausible wrong solutions).
 */

const support = isolationSupport();
const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;
let projectId: string;

beforeAll(async () => {
  if (!support.ok) return;
  server = await startModelServer({ port: 0, seed: 21, wrongRate: 0.3, ttftMs: 2, tokensPerSecond: 50_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 8, secretKey: undefined, log: () => undefined });
  // Candidates made with verification off, as on a machine without a sandbox.
  ({ projectId } = await createSynthesisProject({
    db,
    slug: "verify-dpo",
    baseUrl: server.url,
    snippets: testSnippets(2),
    settings: {
      verification: { enabled: false },
      discussion: { groupSize: 2 },
      dpo: { samples: 6, temperature: 0.9, pairsPerQuery: 2, queries: "candidates" },
    },
  }));
  const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
  expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
  // Which answers the model server gets wrong depends on the order of its calls; so that the stage
  // surely meets both verdicts, one candidate is edited to its bank problem's wrong answer and
  // another to the right one (an edit: a new revision, as a reviewer would make).
  // Only candidates whose answer came from the bank (agents' samples of snippets the server can
  // read are derived from the snippet instead, with no wrong twin).
  const all = await db.candidate.findMany({
    where: { projectId, source: "DS3" },
    orderBy: { id: "asc" },
    include: { currentRevision: true },
  });
  const fromBank = all.flatMap((candidate) => {
    const current = candidate.currentRevision!;
    const entry = Object.values(BANK[candidate.language as Language]).find(
      (e) => e.solution === current.solution || e.wrong === current.solution,
    );
    return entry ? [{ current, entry }] : [];
  });
  expect(fromBank.length).toBeGreaterThanOrEqual(2);
  for (const [i, { current, entry }] of fromBank.slice(0, 2).entries()) {
    const revision = await db.revision.create({
      data: {
        candidateId: current.candidateId,
        number: current.number + 1,
        authorKind: "HUMAN",
        parentId: current.id,
        instruction: current.instruction,
        solution: i === 0 ? entry.wrong : entry.solution,
        tests: entry.tests,
      },
    });
    await db.candidate.update({ where: { id: current.candidateId }, data: { currentRevisionId: revision.id } });
  }
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

describe.skipIf(!support.ok)(`the verify and DPO stages${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("verifies every candidate left unverified, and only those, recording the run", async () => {
    // The agents' candidates only: the kept seed pairs are items too, with no tests to run.
    const seedItems = await db.candidate.findMany({ where: { projectId, source: { not: "DS3" } }, select: { id: true } });
    expect(seedItems.length).toBeGreaterThan(0);
    const pending = await db.candidate.findMany({ where: { projectId, source: "DS3" }, select: { id: true, verificationStatus: true } });
    expect(pending.length).toBeGreaterThan(3);
    expect(pending.every((c) => c.verificationStatus === "PENDING")).toBe(true);

    const run = await startRun({ db, projectId, stages: ["VERIFY"] });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    const items = await db.runItem.findMany({ where: { runId: run.id } });
    expect(items.map((i) => i.itemKey).sort()).toEqual(pending.map((c) => c.id).sort());
    expect(items.every((i) => i.status === "DONE")).toBe(true);

    const candidates = await db.candidate.findMany({
      where: { projectId, source: "DS3" },
      include: { verificationRuns: true, currentRevision: true },
    });
    // A seed item was neither run nor counted as a failure: still unverified, with no verification run.
    expect(await db.verificationRun.count({ where: { candidateId: { in: seedItems.map((c) => c.id) } } })).toBe(0);
    for (const candidate of candidates) {
      expect(candidate.verificationRuns).toHaveLength(1);
      const [verification] = candidate.verificationRuns;
      expect(verification).toMatchObject({
        revisionId: candidate.currentRevisionId,
        round: 0,
        language: candidate.language,
        toolchainVersion: expect.stringMatching(/\d/),
      });
      expect(candidate.verificationStatus).toBe(verification!.status);
    }
    // No self-correction in this stage: the wrong answers stay failed, with the reason.
    const statuses = candidates.map((c) => c.verificationStatus);
    expect(statuses).toContain("PASS");
    expect(statuses).toContain("FAIL");
    for (const candidate of candidates.filter((c) => c.verificationStatus === "FAIL"))
      expect(candidate.verificationRuns[0]!.reason).toMatch(/exit code|assert|tests failed|FAIL/i);

    // A second VERIFY run has nothing left to do.
    const again = await startRun({ db, projectId, stages: ["VERIFY"] });
    expect(await waitForRun(db, again.id)).toBe("SUCCEEDED");
    expect(await db.runItem.count({ where: { runId: again.id } })).toBe(0);
  });

  it("samples N answers per query, runs them against the test writer's tests and pairs passing with failing ones", async () => {
    const run = await startRun({ db, projectId, stages: ["DPO"], limit: 8 });
    expect(await waitForRun(db, run.id, 240_000)).toBe("SUCCEEDED");
    const items = await db.runItem.findMany({ where: { runId: run.id } });
    expect(items).toHaveLength(Math.min(8, await db.candidate.count({ where: { projectId, source: "DS3" } })));
    expect(items.every((i) => i.status === "DONE")).toBe(true);

    const queries = await db.dpoQuery.findMany({
      where: { projectId },
      include: { pairs: true, candidate: { include: { currentRevision: true } } },
    });
    expect(queries.map((q) => q.candidateId).sort()).toEqual(items.map((i) => i.itemKey).sort());
    // A DPO query never comes from a seed item (a kept seed pair is reviewable, not a query).
    expect(queries.every((q) => q.candidate!.source === "DS3")).toBe(true);
    const pool = new SandboxPool(2);
    for (const query of queries) {
      expect(query).toMatchObject({
        samples: 6,
        temperature: 0.9,
        language: query.candidate!.language,
        prompt: query.candidate!.currentRevision!.instruction,
      });
      expect(query.passed + query.failed).toBe(6);
      // All-pass and all-fail queries are kept as such, with no pair.
      expect(query.outcome).toBe(query.passed && query.failed ? "PAIRED" : query.passed ? "ALL_PASS" : "ALL_FAIL");
      // Identical answers are one answer: pairs never repeat a chosen or a rejected answer.
      expect(query.pairs.length).toBe(query.outcome === "PAIRED" ? Math.min(2, query.pairs.length || 1) : 0);
      expect(new Set(query.pairs.map((p) => p.chosen)).size).toBe(query.pairs.length);
      expect(new Set(query.pairs.map((p) => p.rejected)).size).toBe(query.pairs.length);
      for (const pair of query.pairs) {
        expect(pair).toMatchObject({ source: "VERIFIER", language: query.language, prompt: query.prompt });
        expect(pair.rule).toMatch(/^chosen passes the test writer's tests/);
        // The pair is what it claims: chosen passes the query's tests, rejected does not.
        const [chosen, rejected] = await Promise.all(
          [pair.chosen, pair.rejected].map((code) => pool.verify({ language: query.language, code, tests: query.tests })),
        );
        expect(chosen!.status, chosen!.reason).toBe("pass");
        expect(rejected!.status).not.toBe("pass");
      }
    }
    expect(queries.some((q) => q.outcome === "PAIRED")).toBe(true);
    // One test-writer call and N samples per query, at the asked temperature, accounted to the stage.
    expect(await callsByRole(db, run.id, "dpo")).toEqual({
      TEST_WRITER: queries.length,
      RESPONSE_GENERATOR: queries.length * 6,
    });

    // A query is sampled once: a second DPO run finds nothing to do.
    const again = await startRun({ db, projectId, stages: ["DPO"], limit: 8 });
    expect(await waitForRun(db, again.id)).toBe("SUCCEEDED");
    expect(await db.dpoQuery.count({ where: { candidateId: { in: queries.map((q) => q.candidateId!) } } })).toBe(queries.length);
  }, 240_000);
});
