import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { newSecretKey } from "@/lib/llm/secrets";
import { startModelServer } from "@/model-server/server";
import { itemJobKey } from "@/lib/synthesis/dispatch";
import { startRun } from "@/lib/synthesis/runs";
import { summarizeRun } from "@/lib/synthesis/summary";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { jobsAtOnce } from "@/lib/jobs/worker";
import { startWorkerProcess } from "@/lib/testing/worker-process";

/**
 * The correctness at size, scaled down: a run through every stage on 4 real worker
 * processes sharing one queue, with a small dispatch window (so that it is topped up many times),
 * while workers are killed with SIGKILL at several moments and replaced. No item may be lost (none
 * left open, the run ends) or doubled (one seed per pair, one candidate per discussion, one verdict per revision,
 * one check and one DPO query per candidate), and the queue never holds more of the run's open items
 * than the window (sampled all along: a count, not a timing).
 */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const WORKERS = 4;
const CONCURRENCY = 2;
/** Smaller than the workers' 8 slots: the window, not the workers, bounds the queue. */
const WINDOW = 6;
const KILLS = 5;

/** The run's jobs on the queue, and those of them whose item is still open (QUEUED or RUNNING). */
async function queueFigures(runId: string): Promise<{ jobs: number; open: number }> {
  const jobs = await db.$queryRaw<{ key: string }[]>`
    select j.key from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier <> 'synthesis.advance' and j.payload->>'runId' = ${runId}`;
  const open = await db.runItem.findMany({
    where: { runId, status: { in: ["QUEUED", "RUNNING"] } },
    select: { stage: true, itemKey: true },
  });
  const openKeys = new Set(open.map((item) => itemJobKey(runId, item.stage, item.itemKey)));
  return { jobs: jobs.length, open: jobs.filter((job) => openKeys.has(job.key)).length };
}

describe("a run on 4 workers killed along the way", () => {
  it("settles every item exactly once, the queue never holding more than the window", async () => {
    // No evolution eliminated (the server's default eliminates one in ten): a round here is one discussion,
    // and one eliminated left the run no candidate of its own, so no VERIFY or DPO item.
    const server = await startModelServer({ port: 0, seed: 41, wrongRate: 0.3, eliminateRate: 0, ttftMs: 40, tokensPerSecond: 2_000 });
    const secretKey = newSecretKey();
    const workers = Array.from({ length: WORKERS }, () =>
      startWorkerProcess(secretKey, CONCURRENCY, { ROSETTA_WORKER_STALE_SECONDS: "5", ROSETTA_RUN_WINDOW: String(WINDOW) }),
    );
    let sampling = true;
    let peak = { jobs: 0, open: 0 };
    try {
      // Interpreted languages only: the subject is the queue, not compilers on two cores.
      const snippets = testSnippets(12).filter((snippet) => snippet.language === "python" || snippet.language === "javascript");
      const { projectId } = await createSynthesisProject({
        db,
        slug: "window-kills",
        baseUrl: server.url,
        snippets,
        settings: {
          seed: { kinds: ["DS1"] },
          agents: { scope: "PER_LANGUAGE" },
          discussion: { groupSize: 2, rounds: 2 },
          verification: { enabled: false },
          dpo: { samples: 2 },
          quality: { solveSamples: 1, extraAttempts: 0, coverage: false },
        },
      });
      const stages = ["SEED", "AGENTS", "DISCUSS", "VERIFY", "SOLVE", "DPO"] as const;
      const run = await startRun({ db, projectId, stages: [...stages] });
      const sampler = (async () => {
        while (sampling) {
          const now = await queueFigures(run.id);
          peak = { jobs: Math.max(peak.jobs, now.jobs), open: Math.max(peak.open, now.open) };
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();

      const settled = () => db.runItem.count({ where: { runId: run.id, status: { in: ["DONE", "FAILED"] } } });
      for (let kill = 0; kill < KILLS; kill++) {
        // A moment: a few more items settled (wherever in the run they fall), then a worker that has
        // told the queue's id of its jobs (one killed sooner leaves them locked for 4 hours) dies.
        const target = (await settled()) + 3 + Math.floor(Math.random() * 6);
        const reached = await expect
          .poll(async () => (await settled()) >= target, { timeout: 60_000, interval: 50 })
          .toBe(true)
          .then(
            () => true,
            () => false,
          );
        if (!reached && (await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).status !== "RUNNING") break;
        const ready = await db.worker.findMany({
          where: { pid: { in: workers.map((w) => w.child.pid!) }, queueWorkerId: { not: null }, stoppedAt: null },
          select: { pid: true },
        });
        const victim = workers.findIndex((w) => w.child.pid === ready[Math.floor(Math.random() * ready.length)]?.pid);
        if (victim < 0) continue;
        workers[victim]!.child.kill("SIGKILL");
        await workers[victim]!.exited;
        workers[victim] = startWorkerProcess(secretKey, CONCURRENCY, {
          ROSETTA_WORKER_STALE_SECONDS: "5",
          ROSETTA_RUN_WINDOW: String(WINDOW),
        });
      }
      const status = await waitForRun(db, run.id, 300_000);
      sampling = false;
      await sampler;
      expect(["SUCCEEDED", "FINISHED_WITH_FAILURES"]).toContain(status);

      // Nothing lost: every item settled, each had its job.
      const items = await db.runItem.findMany({ where: { runId: run.id } });
      expect(items.filter((item) => item.status === "QUEUED" || item.status === "RUNNING")).toEqual([]);
      expect(items.every((item) => item.dispatchedAt !== null)).toBe(true);
      const of = (stage: (typeof stages)[number]) => items.filter((item) => item.stage === stage);
      for (const stage of stages) expect(of(stage).length, stage).toBeGreaterThan(0);
      // Topped up many times: items went on the queue in many separate top-ups.
      const topUps = new Set(items.map((item) => item.dispatchedAt!.getTime())).size;
      expect(topUps).toBeGreaterThan(items.length / WINDOW);

      // Nothing doubled.
      const seeds = await db.seedSample.groupBy({ by: ["snippetId", "kind"], where: { projectId }, _count: true });
      expect(seeds.filter((seed) => seed._count > 1)).toEqual([]);
      expect(seeds).toHaveLength(of("SEED").filter((item) => item.status === "DONE").length);
      const discussions = await db.discussion.findMany({ where: { runId: run.id }, include: { candidates: { select: { id: true } } } });
      expect(discussions).toHaveLength(of("DISCUSS").length);
      expect(discussions.filter((d) => d.candidates.length > 1)).toEqual([]);
      // One verdict per revision: the SOLVE stage may add a revision (independent tests, a kept answer) with its own.
      const verified = of("VERIFY").map((item) => item.itemKey);
      const verdicts = await db.verificationRun.groupBy({ by: ["revisionId"], where: { candidateId: { in: verified } }, _count: true });
      expect(verdicts.filter((v) => v._count > 1)).toEqual([]);
      const verdictCandidates = await db.verificationRun.findMany({ where: { candidateId: { in: verified } }, distinct: ["candidateId"] });
      expect(verdictCandidates).toHaveLength(of("VERIFY").filter((item) => item.status === "DONE").length);
      const checked = of("SOLVE").map((item) => item.itemKey);
      const checks = await db.solveCheck.groupBy({ by: ["candidateId"], where: { candidateId: { in: checked } }, _count: true });
      expect(checks.filter((c) => c._count > 1)).toEqual([]);
      expect(checks).toHaveLength(of("SOLVE").filter((item) => item.status === "DONE").length);
      expect(await db.dpoQuery.count({ where: { candidateId: { in: of("DPO").map((item) => item.itemKey) } } })).toBe(
        of("DPO").filter((item) => item.status === "DONE").length,
      );

      // The run's own account says the same.
      const summary = await summarizeRun(db, run.id);
      for (const stage of summary.stages) {
        expect(stage.total, stage.stage).toBe(of(stage.stage as (typeof stages)[number]).length);
        expect(stage.failed, stage.stage).toBe(of(stage.stage as (typeof stages)[number]).filter((i) => i.status === "FAILED").length);
        expect(stage.pending, stage.stage).toBe(0);
      }

      // The queue held at most the window of open items; all its jobs, at most that plus the jobs
      // still ending after their item settled (one per worker slot, a killed worker's included).
      expect(peak.open).toBeLessThanOrEqual(WINDOW);
      expect(peak.open).toBeGreaterThan(0);
      expect(peak.jobs).toBeLessThanOrEqual(WINDOW + (WORKERS + KILLS) * jobsAtOnce(CONCURRENCY));
      console.log(`window kills: ${JSON.stringify({ status, items: items.length, topUps, peak, kills: KILLS })}`);
    } finally {
      sampling = false;
      for (const worker of workers) worker.child.kill("SIGKILL");
      await server.close();
    }
  }, 600_000);
});
