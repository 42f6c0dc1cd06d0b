import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { dispatchWindow, WINDOW_FLOOR } from "@/lib/synthesis/dispatch";
import { advanceRun, cancelRun, pauseRun, resumeRun, startRun } from "@/lib/synthesis/runs";
import { countItemJobs, takeItemJobs, workItems } from "@/lib/testing/run-queue";

/**
 * The dispatch window without a worker process: the tests take the run's jobs off the queue and
 * work them through the real claim, then call `advanceRun` as the `synthesis.advance` job would.
 * No workers are registered in this file's database, so the window is WINDOW_FLOOR unless a test
 * registers one.
 */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const N = 30;

async function seedRun(slug: string, { kinds = ["DS1"], limit }: { kinds?: string[]; limit?: number } = {}): Promise<string> {
  const project = await db.project.create({ data: { slug, name: slug, languages: [], settings: { seed: { kinds } } } });
  await db.snippet.createMany({
    data: Array.from({ length: N }, (_, i) => ({
      projectId: project.id,
      code: `print(${i})`,
      language: ["python", "java", "cpp"][i % 3]!,
      contentHash: `${slug}-${i}`,
      tokenCount: 3,
    })),
  });
  const run = await startRun({ db, projectId: project.id, stages: ["SEED"], limit });
  await advanceRun(db, run.id);
  return run.id;
}

const items = (runId: string) => db.runItem.findMany({ where: { runId }, orderBy: { position: "asc" } });
const seedJobs = (runId: string) => countItemJobs(db, runId, "SEED");

describe("the dispatch window", () => {
  it("puts W of N items on the queue, in plan order, tops it up as items settle, and settles all N", async () => {
    const runId = await seedRun("window");
    const window = await dispatchWindow(db, "SEED");
    expect(window).toBe(WINDOW_FLOOR);
    const planned = await items(runId);
    expect(planned).toHaveLength(N);
    expect(planned.map((item) => item.position)).toEqual(planned.map((_, i) => i));
    // Balanced across languages: the plan's first items take turns.
    expect(planned.slice(0, 3).map((item) => item.language)).toEqual(expect.arrayContaining(["python", "java", "cpp"]));
    expect(await seedJobs(runId)).toBe(window);
    expect(planned.filter((item) => item.dispatchedAt).map((item) => item.position)).toEqual([...Array(window).keys()]);

    let topUps = 0;
    let worked = 0;
    for (;;) {
      const keys = await takeItemJobs(db, runId, "SEED", 3);
      if (!keys.length) break;
      const outcomes = await workItems(db, runId, "SEED", keys);
      worked += outcomes.filter((outcome) => outcome === "worked").length;
      await advanceRun(db, runId);
      topUps++;
      expect(await seedJobs(runId)).toBeLessThanOrEqual(window);
    }
    expect(topUps).toBeGreaterThan(N / window);
    expect(worked).toBe(N);
    const settled = await items(runId);
    expect(settled.every((item) => item.status === "DONE" && item.attempts === 1)).toBe(true);
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("SUCCEEDED");
  });

  it("plans a limited stage as the limit's first snippets, languages taking turns, every kind of each", async () => {
    const runId = await seedRun("limit", { kinds: ["DS1", "DS2"], limit: 5 });
    const planned = await items(runId);
    expect(planned).toHaveLength(10);
    const snippets = [...new Set(planned.map((item) => item.itemKey.split(":")[0]))];
    expect(snippets).toHaveLength(5);
    expect(planned.map((item) => item.itemKey.split(":")[1])).toEqual(Array(5).fill(["DS1", "DS2"]).flat());
    expect(new Set(planned.slice(0, 6).map((item) => item.language)).size).toBe(3);
  });

  it("is twice the concurrency of the live workers that take the stage's queue", async () => {
    const worker = (queues: string[], concurrency: number, lastSeenAt = new Date()) =>
      db.worker.create({ data: { hostname: "elsewhere", pid: 1, lastSeenAt, queues, concurrency } });
    const rows = [
      await worker([], 6),
      await worker(["synthesis", "maintenance"], 4),
      await worker(["verify"], 32), // does not take seed jobs
      await worker([], 32, new Date(Date.now() - 3_600_000)), // silent: gone
    ];
    try {
      expect(await dispatchWindow(db, "SEED")).toBe(2 * (6 + 4));
      expect(await dispatchWindow(db, "VERIFY")).toBe(2 * (6 + 32));
    } finally {
      await db.worker.deleteMany({ where: { id: { in: rows.map((row) => row.id) } } });
    }
  });

  it("pause holds at most the window; resume puts the held items back once; a lost job is put back, a job failed for good fails its item", async () => {
    const runId = await seedRun("pause");
    const window = await dispatchWindow(db, "SEED");
    await workItems(db, runId, "SEED", await takeItemJobs(db, runId, "SEED", 2));
    await pauseRun({ db, runId });
    await advanceRun(db, runId); // the settled items' nudge: nothing is topped up while paused
    // The paused run's jobs are taken: each holds its item and ends.
    const outcomes = await workItems(db, runId, "SEED", await takeItemJobs(db, runId, "SEED", N));
    expect(outcomes).toEqual(Array(window - 2).fill("held"));
    expect(await seedJobs(runId)).toBe(0);

    expect(await resumeRun({ db, runId })).toMatchObject({ to: "RUNNING", items: window - 2 });
    // The held items and two more, the window full again; each item once.
    expect(await seedJobs(runId)).toBe(window);
    const dispatched = (await items(runId)).filter((item) => item.dispatchedAt && item.status === "QUEUED");
    expect(dispatched.map((item) => item.position)).toEqual([...Array(window).keys()].map((i) => i + 2));
    expect(dispatched.every((item) => item.heldAt === null)).toBe(true);

    // A job gone without its item settling (deleted by hand), and one whose handler failed on every attempt.
    const [lost, broken] = dispatched;
    await db.$executeRaw`delete from graphile_worker._private_jobs where key = ${`seed:${runId}:${lost!.itemKey}`}`;
    await db.$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'boom' where key = ${`seed:${runId}:${broken!.itemKey}`}`;
    await advanceRun(db, runId);
    // The lost one is back on the queue, the broken one's job is gone, and one more item fills the window.
    expect(await seedJobs(runId)).toBe(window);
    const [back] = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs where key = ${`seed:${runId}:${lost!.itemKey}`} and attempts = 0`;
    expect(back!.n).toBe(1);
    expect(await db.runItem.findUniqueOrThrow({ where: { id: broken!.id } })).toMatchObject({
      status: "FAILED",
      reason: expect.stringMatching(/^its job failed \d+ times: boom/),
    });
  });

  it("cancel settles every item at once, in the plan and in the window, and clears the window's jobs", async () => {
    const runId = await seedRun("cancel");
    await pauseRun({ db, runId });
    await workItems(db, runId, "SEED", await takeItemJobs(db, runId, "SEED", 3)); // three held
    expect(await cancelRun({ db, runId })).toMatchObject({ to: "CANCELLED", items: N });
    expect(await seedJobs(runId)).toBe(0);
    const after = await items(runId);
    expect(after.every((item) => item.status === "FAILED" && item.reason === "cancelled")).toBe(true);
    await advanceRun(db, runId);
    expect(await seedJobs(runId)).toBe(0);
  });
});
