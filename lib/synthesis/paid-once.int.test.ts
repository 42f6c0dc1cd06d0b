import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { newSecretKey } from "@/lib/llm/secrets";
import { startModelServer } from "@/model-server/server";
import { startRun } from "@/lib/synthesis/runs";
import { paidCallFigures } from "@/lib/testing/paid-calls";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { startWorkerProcess } from "@/lib/testing/worker-process";

/**
 * Work paid once: a whole run (seeds, agents, debates with verification, the VERIFY and DPO stages)
 * on real worker processes, each killed with SIGKILL after a random number of further answers (or
 * the moment a recorded call's step is seen missing), a new one started each time, until the run ends. Every successful model call must be tied to its
 * step: only calls in flight at a kill may be bought again, and those were never recorded.
 */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const KILLS = 6;
const SNIPPETS_PER_LANGUAGE = 2;
const CONCURRENCY = 4;

describe("work paid once", () => {
  it("ties every completed model call to its step when workers are killed at random moments", async () => {
    const server = await startModelServer({ port: 0, seed: 31, wrongRate: 0.3, ttftMs: 60, tokensPerSecond: 1_500 });
    const secretKey = newSecretKey();
    let worker = startWorkerProcess(secretKey, CONCURRENCY, { ROSETTA_WORKER_STALE_SECONDS: "5" });
    try {
      const { projectId } = await createSynthesisProject({
        db,
        slug: "paid-once",
        baseUrl: server.url,
        snippets: testSnippets(SNIPPETS_PER_LANGUAGE),
        settings: {
          agents: { scope: "PER_LANGUAGE" },
          discussion: { debate: true, debateRounds: 1, groupSize: 2 },
          dpo: { samples: 4, temperature: 0.9, pairsPerQuery: 1 },
        },
      });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS", "VERIFY", "DPO"] });
      for (let kill = 0; kill < KILLS; kill++) {
        // Not before the worker has told the queue's id of its jobs: a worker killed sooner leaves
        // them locked for graphile-worker's 4 hours, as no survivor can tell they were its (noted apart).
        await expect
          .poll(() => db.worker.count({ where: { pid: worker.child.pid!, queueWorkerId: { not: null } } }), {
            timeout: 60_000,
            interval: 20,
          })
          .toBe(1);
        // A random moment (after 2 to 12 more answers, wherever in the run they fall), or sooner the
        // worst one: a call recorded while its step is not stored yet.
        const before = await paidCallFigures(db, run.id);
        const target = before.successful + 2 + Math.floor(Math.random() * 11);
        const moment = await expect
          .poll(
            async () => {
              const now = await paidCallFigures(db, run.id);
              return now.successful >= target || now.unlinked > before.unlinked;
            },
            { timeout: 120_000, interval: 5 },
          )
          .toBe(true)
          .then(
            () => true,
            () => false,
          );
        if (!moment && (await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).status !== "RUNNING") break;
        worker.child.kill("SIGKILL");
        await worker.exited;
        worker = startWorkerProcess(secretKey, CONCURRENCY, { ROSETTA_WORKER_STALE_SECONDS: "5" });
      }
      const status = await waitForRun(db, run.id, 600_000);
      const figures = await paidCallFigures(db, run.id);
      const stages = await db.runItem.groupBy({ by: ["stage", "status"], where: { runId: run.id }, _count: true });
      // Kills should cost no item: a failed one is printed with its reason, to tell a model's failure from a lost job.
      const failed = await db.runItem.findMany({
        where: { runId: run.id, status: "FAILED" },
        select: { stage: true, attempts: true, reason: true },
      });
      console.log(
        `paid once: ${JSON.stringify({ status, kills: KILLS, concurrency: CONCURRENCY, ...figures, items: stages.map((s) => `${s.stage} ${s.status} ${s._count}`), failed })}`,
      );
      expect(figures.successful).toBeGreaterThan(0);
      expect(figures.duplicatedTurnSteps).toBe(0);
      // At most the calls in flight at each kill were paid without reaching their step; and as a
      // call's row is written with its step, a call that was recorded is never left unlinked (before
      // that, 3 to 7 of ~105 calls were, in runs like this one).
      expect(figures.unlinked).toBeLessThanOrEqual(KILLS * CONCURRENCY);
      expect(figures.unlinked).toBe(0);
    } finally {
      worker.child.kill("SIGKILL");
      await server.close();
    }
  }, 900_000);
});
