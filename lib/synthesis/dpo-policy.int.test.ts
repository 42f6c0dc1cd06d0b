import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { bindProjectRole, createEndpointProfile } from "@/lib/llm/profiles";
import { BANK } from "@/model-server/bank";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { startRun } from "@/lib/synthesis/runs";
import { summarizeRun } from "@/lib/synthesis/summary";
import { createSynthesisProject, waitForRun } from "@/lib/testing/synthesis";
import { callsByRole } from "@/lib/testing/paid-calls";

/**
 * DPO as the paper does it (§2.6), on a small Python/JavaScript project: queries from a fresh run of
 * the framework, 32 samples each from the policy role (the model being trained), run in the real
 * sandbox against the test writer's tests, paired by execution; then, with no policy bound, the
 * response generator samples and the summary says so. Bank problems as snippets, so that the
 * scripted server's answers are right or (30 % of the time) its plausible wrong twin.
 */

const support = isolationSupport();
const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;
let projectId: string;
let earlier: string[];

const snippets = (["python", "javascript"] as const).flatMap((language) =>
  Object.entries(BANK[language])
    .slice(0, 2)
    .map(([id, entry]) => ({ code: entry.solution, language, path: `bank/${language}/${id}` })),
);

beforeAll(async () => {
  if (!support.ok) return;
  server = await startModelServer({ port: 0, seed: 18, wrongRate: 0.3, eliminateRate: 0, ttftMs: 1, tokensPerSecond: 100_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 6, secretKey: undefined, log: () => undefined });
  ({ projectId } = await createSynthesisProject({
    db,
    slug: "dpo-policy",
    baseUrl: server.url,
    snippets,
    settings: { verification: { enabled: false }, discussion: { groupSize: 2 }, dpo: { samples: 32, temperature: 0.9, pairsPerQuery: 2 } },
  }));
  await db.project.update({ where: { id: projectId }, data: { languages: ["python", "javascript"] } });
  // Candidates made before the DPO run: fresh_run must leave them alone.
  const before = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
  expect(await waitForRun(db, before.id)).toBe("SUCCEEDED");
  earlier = (await db.candidate.findMany({ where: { projectId, source: "DS3" }, select: { id: true } })).map((c) => c.id);
  expect(earlier.length).toBeGreaterThan(0);
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

describe.skipIf(!support.ok)(`DPO from the policy role${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("refuses a fresh_run DPO stage without a discussion stage, saying why", async () => {
    await expect(startRun({ db, projectId, stages: ["DPO"] })).rejects.toThrow(/fresh_run.*no discuss stage.*"candidates"/);
  });

  it("samples 32 answers per fresh query from the policy endpoint, pairs by execution and reports ALL_PASS / ALL_FAIL per language", async () => {
    const policy = await createEndpointProfile({
      db,
      secretKey: undefined,
      input: { name: "dpo-policy-sft", baseUrl: server.url, model: "sft-checkpoint", maxConcurrency: 16 },
    });
    await bindProjectRole({ db, projectId, role: "policy", endpointProfileId: policy.id });
    const run = await startRun({ db, projectId, stages: ["DISCUSS", "DPO"], limit: 3 });
    expect(await waitForRun(db, run.id, 240_000)).toBe("SUCCEEDED");

    const items = await db.runItem.findMany({ where: { runId: run.id, stage: "DPO" } });
    expect(items.length).toBeGreaterThanOrEqual(2);
    // fresh_run: only candidates this run's discussions made.
    const picked = await db.candidate.findMany({ where: { id: { in: items.map((i) => i.itemKey) } }, include: { discussion: true } });
    expect(picked.every((c) => c.discussion?.runId === run.id)).toBe(true);
    expect(items.some((i) => earlier.includes(i.itemKey))).toBe(false);

    const queries = await db.dpoQuery.findMany({ where: { candidateId: { in: items.map((i) => i.itemKey) } }, include: { pairs: true } });
    expect(queries).toHaveLength(items.length);
    for (const query of queries) {
      expect(query).toMatchObject({ samples: 32, sampledBy: "POLICY" });
      expect(query.passed + query.failed + query.unusable).toBe(32);
      // The bank has one right and one wrong answer per problem: identical answers are one, so one pair at most.
      expect(query.pairs.length).toBe(query.outcome === "PAIRED" ? 1 : 0);
      for (const pair of query.pairs) expect(pair.chosen).not.toBe(pair.rejected);
    }
    expect(queries.some((q) => q.outcome === "PAIRED")).toBe(true);
    expect(await callsByRole(db, run.id, "dpo")).toEqual({
      TEST_WRITER: queries.length,
      POLICY: queries.length * 32,
    });
    const policyModel = await db.llmCall.findFirst({ where: { runId: run.id, role: "POLICY" }, select: { model: true } });
    expect(policyModel?.model).toBe("sft-checkpoint");

    const dpo = (await summarizeRun(db, run.id)).stages.find((s) => s.stage === "DPO")!.dpo!;
    expect(dpo.fromResponseGenerator).toBe(0);
    for (const line of dpo.languages) {
      const mine = queries.filter((q) => q.language === line.language);
      expect(line).toEqual({
        language: line.language,
        queries: mine.length,
        paired: mine.filter((q) => q.outcome === "PAIRED").length,
        allPass: mine.filter((q) => q.outcome === "ALL_PASS").length,
        allFail: mine.filter((q) => q.outcome === "ALL_FAIL").length,
        pairs: mine.reduce((n, q) => n + q.pairs.length, 0),
      });
    }
    expect(dpo.languages.reduce((n, l) => n + l.queries, 0)).toBe(queries.length);
  }, 240_000);

  it("falls back to the response generator when no policy is bound, and says so", async () => {
    await db.projectRoleBinding.deleteMany({ where: { projectId, role: "POLICY" } });
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const settings = project.settings as { dpo: object };
    await db.project.update({ where: { id: projectId }, data: { settings: { ...settings, dpo: { ...settings.dpo, samples: 4 } } } });
    const run = await startRun({ db, projectId, stages: ["DISCUSS", "DPO"], limit: 1 });
    expect(await waitForRun(db, run.id, 240_000)).toBe("SUCCEEDED");
    const items = await db.runItem.findMany({ where: { runId: run.id, stage: "DPO" } });
    expect(items.length).toBeGreaterThan(0);
    const queries = await db.dpoQuery.findMany({ where: { candidateId: { in: items.map((i) => i.itemKey) } } });
    expect(queries.every((q) => q.sampledBy === "RESPONSE_GENERATOR")).toBe(true);
    const roles = await db.llmCall.groupBy({ by: ["role"], where: { runId: run.id, stage: "dpo" }, _count: true });
    expect(roles.map((r) => r.role).sort()).toEqual(["RESPONSE_GENERATOR", "TEST_WRITER"]);
    const dpo = (await summarizeRun(db, run.id)).stages.find((s) => s.stage === "DPO")!.dpo!;
    expect(dpo.fromResponseGenerator).toBe(queries.length);
  }, 240_000);
});
