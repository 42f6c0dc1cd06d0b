import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { extractInterface } from "@/lib/quality/interface";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { BANK, PROBLEMS } from "@/model-server/bank";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { callsByRole } from "@/lib/testing/paid-calls";

/**
 * The SOLVE stage on a real run: the scripted model server answers over HTTP (wrongly 30 % of the
 * time, with its bank's plausible wrong solutions), the worker runs every answer in the real
 * sandbox. Every item, seed pairs included, gets tests written without its solution, k sampled
 * answers judged against them, a solve rate and a difficulty.
 */

const support = isolationSupport();
const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let alwaysWrong: RunningModelServer;
let worker: RunningWorker;
let projectId: string;
let plantedId: string;
/** Items a person wrote or decided: checked, never rewritten. */
let personal: string[];

const statement = (id: string, language: string) =>
  `${PROBLEMS.find((p) => p.id === id)!.instruction.replaceAll("{language}", language)} Name things so that a beginner can follow the code.`;

/** An agent's item as a discussion leaves it: one agent revision, unverified. */
async function plant(
  project: string,
  language: "go" | "python",
  id: string,
  { authorKind = "AGENT", reviewStatus = "PENDING" }: { authorKind?: "AGENT" | "HUMAN"; reviewStatus?: "PENDING" | "ACCEPTED" } = {},
): Promise<string> {
  const entry = BANK[language][id]!;
  const candidate = await db.candidate.create({ data: { projectId: project, language, source: "DS3", reviewStatus } });
  const revision = await db.revision.create({
    data: {
      candidateId: candidate.id,
      number: 1,
      authorKind,
      instruction: statement(id, language === "go" ? "Go" : "Python"),
      solution: entry.wrong,
      tests: entry.tests,
    },
  });
  await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
  return candidate.id;
}

beforeAll(async () => {
  if (!support.ok) return;
  server = await startModelServer({ port: 0, seed: 47, wrongRate: 0.3, ttftMs: 2, tokensPerSecond: 50_000, recordPrompts: true });
  alwaysWrong = await startModelServer({ port: 0, seed: 48, wrongRate: 1, ttftMs: 2, tokensPerSecond: 50_000 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 8, secretKey: undefined, log: () => undefined });
  ({ projectId } = await createSynthesisProject({
    db,
    slug: "solve",
    baseUrl: server.url,
    snippets: testSnippets(1),
    settings: { discussion: { groupSize: 2 } },
  }));
  const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
  expect(await waitForRun(db, run.id, 240_000)).toBe("SUCCEEDED");
  // An item whose own solution is wrong (and so are its own tests' verdicts): a passing sample replaces it.
  plantedId = await plant(projectId, "go", "gcd");
  // Pending, but one annotator of two has decided it (review.overlap 2): decided on this revision, so kept.
  const halfDecided = await plant(projectId, "go", "fibonacci");
  const annotator = await db.user.create({ data: { email: "annotator@solve.test", passwordHash: "x" } });
  const { currentRevisionId } = await db.candidate.findUniqueOrThrow({ where: { id: halfDecided } });
  await db.review.create({
    data: { candidateId: halfDecided, revisionId: currentRevisionId!, reviewerId: annotator.id, decision: "ACCEPT" },
  });
  personal = [
    await plant(projectId, "python", "gcd", { authorKind: "HUMAN" }),
    await plant(projectId, "python", "fibonacci", { reviewStatus: "ACCEPTED" }),
    halfDecided,
  ];
}, 300_000);
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await alwaysWrong?.close();
  await db.$disconnect();
});

describe.skipIf(!support.ok)(`the SOLVE stage${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("checks every item, seed pairs included, with tests written without the solution, and keeps a passing answer", async () => {
    const items = await db.candidate.findMany({ where: { projectId }, include: { currentRevision: true } });
    expect(items.filter((c) => c.source !== "DS3").length).toBeGreaterThan(0);
    expect(items.filter((c) => c.source === "DS3").length).toBeGreaterThan(1);

    const run = await startRun({ db, projectId, stages: ["SOLVE"] });
    expect(await waitForRun(db, run.id, 300_000)).toBe("SUCCEEDED");
    const checks = await db.solveCheck.findMany({
      where: { candidate: { projectId } },
      include: { trials: { orderBy: { index: "asc" } }, revision: true, candidate: { include: { currentRevision: true } } },
    });
    expect(checks.map((c) => c.candidateId).sort()).toEqual(items.map((c) => c.id).sort());

    const pool = new SandboxPool(2);
    for (const check of checks) {
      const { candidate } = check;
      expect(check.samples).toBeGreaterThanOrEqual(4);
      expect(check.trials).toHaveLength(check.samples);
      expect(check.passed).toBe(check.trials.filter((t) => t.status === "PASS").length);
      expect(check.solveRate).toBeCloseTo(check.passed / check.samples);
      expect(candidate).toMatchObject({ difficulty: check.difficulty, solveRate: check.solveRate });
      expect(check.interface).toBe(extractInterface(check.revision.solution, check.language));
      if (personal.includes(check.candidateId)) {
        // Recorded only: the person's revision stays current, its verdict untouched.
        expect(candidate).toMatchObject({ currentRevisionId: check.revisionId, verificationStatus: "PENDING" });
        expect(check.ownSolutionStatus).toBe("FAIL");
        continue;
      }
      if (check.difficulty === "UNSOLVED") continue;
      // The item's current solution passes the independent tests, and they are its tests now.
      expect(candidate.verificationStatus).toBe("PASS");
      expect(candidate.currentRevision!.tests).toBe(check.tests);
      const rerun = await pool.verify({ language: check.language, code: candidate.currentRevision!.solution, tests: check.tests });
      expect(rerun.status, rerun.reason).toBe("pass");
    }
    // Seed pairs had no tests: now they do, with verdicts.
    const seeds = checks.filter((c) => c.candidate.source !== "DS3");
    expect(seeds.every((c) => c.ownTestsStatus === null && c.candidate.verificationStatus !== "PENDING")).toBe(true);
    const solvedSeeds = seeds.filter((c) => c.difficulty !== "UNSOLVED");
    expect(solvedSeeds.length).toBeGreaterThan(0);
    expect(solvedSeeds.every((c) => c.candidate.currentRevision!.tests === c.tests)).toBe(true);
    // Line coverage of the independent tests over the kept solution, where the toolchain measures it.
    const measured = checks.filter((c) => c.coverage !== null);
    // (A test that only checks the function exists covers nothing of its body: 0 is a measurement too.)
    expect(measured.some((c) => c.language === "python" && c.coverage! > 0)).toBe(true);
    for (const check of measured) {
      expect(check.coverage).toBeGreaterThanOrEqual(0);
      expect(check.coverage).toBeLessThanOrEqual(1);
      expect(check.coveredLines).toBeLessThanOrEqual(check.totalLines!);
      expect(check.candidate.coverage).toBe(check.coverage);
    }
    // Solve rates vary with the server's wrong answers; every item has a difficulty.
    expect(new Set(checks.map((c) => c.solveRate)).size).toBeGreaterThan(1);
    expect(new Set(checks.map((c) => c.difficulty)).size).toBeGreaterThan(1);

    // The planted item: its own solution fails the independent tests; a passing sample is kept, as an agent revision.
    const planted = checks.find((c) => c.candidateId === plantedId)!;
    expect(planted.ownSolutionStatus).toBe("FAIL");
    expect(planted.ownTestsStatus).toBe("FAIL");
    expect(planted.keptTrialIndex).not.toBeNull();
    const kept = planted.trials.find((t) => t.index === planted.keptTrialIndex)!;
    expect(kept.status).toBe("PASS");
    expect(planted.candidate.currentRevision).toMatchObject({
      authorKind: "AGENT",
      parentId: planted.revisionId,
      solution: kept.solution,
      tests: planted.tests,
      note: expect.stringMatching(
        /^kept answer \d+ of \d+ — passes the independent tests, fewest tokens; the previous solution fails them$/,
      ),
    });
    expect(kept.solution).toBe(BANK.go.gcd!.solution);

    // The test writer was never shown a solution: not the whole, not a line of a body.
    const asked = server.prompts().filter((p) => p.role === "test_writer");
    expect(asked.length).toBeGreaterThanOrEqual(checks.length);
    for (const check of checks) {
      const prompts = asked.filter((p) => p.prompt.includes(check.revision.instruction.trim()));
      expect(prompts.length).toBeGreaterThan(0);
      const bodyLines = check.revision.solution
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line.length > 12 && /\breturn\b|[=;]/.test(line) && !check.interface.includes(line));
      for (const prompt of prompts) {
        expect(prompt.prompt).not.toContain(check.revision.solution.trim());
        for (const line of bodyLines) expect(prompt.prompt).not.toContain(line);
      }
    }
    // One test writer call per item and one answer per trial, accounted to the stage.
    expect(await callsByRole(db, run.id, "solve")).toEqual({
      TEST_WRITER: checks.length,
      RESPONSE_GENERATOR: checks.reduce((n, c) => n + c.samples, 0),
    });

    // Checked once: a second SOLVE run has nothing to do (an appended revision is covered by its check).
    const again = await startRun({ db, projectId, stages: ["SOLVE"] });
    expect(await waitForRun(db, again.id)).toBe("SUCCEEDED");
    expect(await db.runItem.count({ where: { runId: again.id } })).toBe(0);
  }, 400_000);

  it("a retried job pays for nothing it already has", async () => {
    // As if the worker died before its last write: the check and what it appended are gone, its answers are
    // stored. The check's write settled its steps (they went, their calls rolled up into one row per
    // kind, each tied to the item by a settled step): they are put back as they were.
    const check = await db.solveCheck.findFirstOrThrow({ where: { candidateId: plantedId }, include: { trials: true } });
    const key = `solve:${check.revisionId}`;
    const steps = await db.workStep.findMany({ where: { key } });
    expect(steps.length).toBe(2); // the test writer's call, and the answers'
    expect(steps.every((step) => step.step.startsWith("settled:") && step.output === null)).toBe(true);
    const rolled = await db.llmCall.findMany({ where: { id: { in: steps.map((step) => step.llmCallId!) } } });
    expect(rolled.map((call) => call.calls).sort()).toEqual([1, check.samples].sort());
    const answers = [
      { step: "tests", output: { tests: check.tests } },
      ...check.trials.map((trial) => ({ step: `sample:${trial.index}`, output: { solution: trial.solution } })),
    ];
    await db.$transaction([
      db.candidate.update({ where: { id: plantedId }, data: { currentRevisionId: check.revisionId, verificationStatus: "PENDING" } }),
      db.solveCheck.delete({ where: { id: check.id } }),
      db.revision.deleteMany({ where: { candidateId: plantedId, parentId: check.revisionId } }),
      db.workStep.deleteMany({ where: { key } }),
      db.workStep.createMany({ data: answers.map((answer) => ({ key, ...answer })) }),
    ]);
    const run = await startRun({ db, projectId, stages: ["SOLVE"] });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    expect(await db.runItem.count({ where: { runId: run.id } })).toBe(1);
    expect(await db.llmCall.count({ where: { runId: run.id } })).toBe(0);
    const redone = await db.solveCheck.findFirstOrThrow({ where: { candidateId: plantedId }, include: { trials: true } });
    expect(redone).toMatchObject({
      tests: check.tests,
      samples: check.samples,
      passed: check.passed,
      keptTrialIndex: check.keptTrialIndex,
    });
    expect(redone.trials.map((t) => t.solution).sort()).toEqual(check.trials.map((t) => t.solution).sort());
  }, 120_000);

  it("marks an item no answer solves unsolved after the extra attempts, with the failing output", async () => {
    // Every answer of this server is the bank's wrong one.
    const { projectId: hard } = await createSynthesisProject({
      db,
      slug: "solve-unsolved",
      baseUrl: alwaysWrong.url,
      snippets: testSnippets(1).slice(0, 1),
      settings: { quality: { solveSamples: 3, extraAttempts: 2 } },
    });
    const id = await plant(hard, "python", "sum-of-evens");
    const run = await startRun({ db, projectId: hard, stages: ["SOLVE"] });
    expect(await waitForRun(db, run.id, 120_000)).toBe("SUCCEEDED");
    const check = await db.solveCheck.findFirstOrThrow({ where: { candidateId: id }, include: { trials: true } });
    expect(check).toMatchObject({
      samples: 5,
      passed: 0,
      solveRate: 0,
      difficulty: "UNSOLVED",
      keptTrialIndex: null,
      ownSolutionStatus: "FAIL",
    });
    expect(check.trials.every((t) => t.status === "FAIL")).toBe(true);
    expect(check.failingOutput).toMatch(/AssertionError|assert/);
    const candidate = await db.candidate.findUniqueOrThrow({ where: { id } });
    // Nothing passed: no revision appended; the verdict is the item's own solution against the independent tests.
    expect(candidate).toMatchObject({
      difficulty: "UNSOLVED",
      solveRate: 0,
      verificationStatus: "FAIL",
      currentRevisionId: check.revisionId,
    });
  }, 120_000);
});
