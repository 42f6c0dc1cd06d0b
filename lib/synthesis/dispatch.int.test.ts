import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listProjectRuns } from "@/lib/projects/list-runs";
import { dispatchWindow, itemJobKey, settleCancelledPlan, WINDOW_FLOOR } from "@/lib/synthesis/dispatch";
import { advanceRun, cancelRun, nudgeIdleRuns, pauseRun, resumeRun, startRun } from "@/lib/synthesis/runs";
import { summarizeRun } from "@/lib/synthesis/summary";
import { countItemJobs, takeItemJobs, workItems } from "@/lib/testing/run-queue";
import type { JobContext } from "@/lib/jobs/define";
import { advance, discuss } from "@/lib/jobs/definitions/synthesis";

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

  it("a settle nudges the run once a quarter of the window has settled, and at the stage's end however its last items race", async () => {
    // One worker of concurrency 8: a window of 16, a nudge once 12 or fewer are open.
    const row = await db.worker.create({ data: { hostname: "elsewhere", pid: 1, lastSeenAt: new Date(), queues: [], concurrency: 8 } });
    try {
      const advanceJobs = async (runId: string) => {
        const [jobs] = await db.$queryRaw<{ n: number }[]>`
          select count(*)::int as n from graphile_worker._private_jobs where key = ${`advance:${runId}`}`;
        return jobs!.n;
      };
      const runId = await seedRun("nudges");
      const window = await takeItemJobs(db, runId, "SEED", N);
      expect(window).toHaveLength(16);
      await db.$executeRaw`delete from graphile_worker._private_jobs where key = ${`advance:${runId}`}`;
      await workItems(db, runId, "SEED", window.slice(0, 3));
      expect(await advanceJobs(runId)).toBe(0);
      await workItems(db, runId, "SEED", window.slice(3, 4));
      expect(await advanceJobs(runId)).toBe(1);

      // A stage of 10 items, all on the queue, all settling at once: however they race, one of them nudges.
      const small = await seedRun("nudges-end", { limit: 10 });
      const all = await takeItemJobs(db, small, "SEED", N);
      expect(all).toHaveLength(10);
      await db.$executeRaw`delete from graphile_worker._private_jobs where key = ${`advance:${small}`}`;
      await workItems(db, small, "SEED", all, { parallel: all.length });
      expect(await advanceJobs(small)).toBe(1);
      await advanceRun(db, small);
      expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: small } })).status).toBe("SUCCEEDED");
    } finally {
      await db.worker.delete({ where: { id: row.id } });
    }
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

  it("a top-up while the AGENTS job runs adds no second job for it (the queue would unkey the running one and add another)", async () => {
    const project = await db.project.create({ data: { slug: "agents-topup", name: "agents-topup", languages: [], settings: {} } });
    const run = await startRun({ db, projectId: project.id, stages: ["AGENTS"] });
    await advanceRun(db, run.id);
    const key = itemJobKey(run.id, "AGENTS", "agents");
    // Counted by task and payload, not by key (countItemJobs): the second job would be the unkeyed one.
    const agentsJobs = async () =>
      (
        await db.$queryRaw<{ n: number }[]>`
          select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = 'synthesis.agents' and j.payload->>'runId' = ${run.id}`
      )[0]!.n;
    expect(await agentsJobs()).toBe(1);
    // A worker takes the job; an item of another stage settling nudges the run meanwhile.
    await db.$executeRaw`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test' where key = ${key}`;
    await advanceRun(db, run.id);
    await advanceRun(db, run.id);
    expect(await agentsJobs()).toBe(1);
    await db.$executeRaw`delete from graphile_worker._private_jobs where key = ${key}`;
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

    // A job gone without its item settling (deleted by hand), one whose handler failed on every attempt,
    // and one whose workers all stopped while working it (attempts spent, no error ever recorded).
    const [lost, broken, abandoned] = dispatched;
    await db.$executeRaw`delete from graphile_worker._private_jobs where key = ${`seed:${runId}:${lost!.itemKey}`}`;
    await db.$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'boom' where key = ${`seed:${runId}:${broken!.itemKey}`}`;
    await db.$executeRaw`update graphile_worker._private_jobs set attempts = max_attempts, last_error = null where key = ${`seed:${runId}:${abandoned!.itemKey}`}`;
    await advanceRun(db, runId);
    // The lost one is back on the queue, the broken and abandoned ones' jobs are gone, and two more items fill the window.
    expect(await seedJobs(runId)).toBe(window);
    const [back] = await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs where key = ${`seed:${runId}:${lost!.itemKey}`} and attempts = 0`;
    expect(back!.n).toBe(1);
    expect(await db.runItem.findUniqueOrThrow({ where: { id: broken!.id } })).toMatchObject({
      status: "FAILED",
      reason: expect.stringMatching(/^its job failed \d+ times: boom/),
    });
    expect(await db.runItem.findUniqueOrThrow({ where: { id: abandoned!.id } })).toMatchObject({
      status: "FAILED",
      reason: expect.stringMatching(/^its job was taken \d+ times and each time its worker stopped before it ended/),
    });
  });

  it("an advance that looks while the stage's last item settles waits for that settle, so the stage ends even when the queue dropped the settle's nudge", async () => {
    const runId = await seedRun("last-settle", { limit: 3 });
    const keys = await takeItemJobs(db, runId, "SEED", 3);
    expect(keys).toHaveLength(3);
    await workItems(db, runId, "SEED", keys.slice(0, 2));
    // The last settle, held between its count (the stage's lock taken) and its commit.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let counted!: () => void;
    const lockTaken = new Promise<void>((resolve) => (counted = resolve));
    const settle = db.$transaction(
      async (tx) => {
        await tx.$executeRaw`update run_items set status = 'DONE', finished_at = now() where run_id = ${runId}::uuid and item_key = ${keys[2]!}`;
        await tx.$queryRaw`select rosetta_stage_open_items(${runId}::uuid, 'SEED'::run_stage, ${keys[2]!})`;
        counted();
        await released;
      },
      { timeout: 30_000 },
    );
    await lockTaken;
    // The advance whose job a worker took just before: it must not count the last item as open.
    let advanced = false;
    const advance = advanceRun(db, runId).then(() => (advanced = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(advanced).toBe(false); // waiting for the settle to commit
    release();
    await Promise.all([settle, advance]);
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("SUCCEEDED");
  });

  it("a RUNNING run with nothing on the queue (a nudge gone missing) gets its advance back, which finishes it; a paused one does not", async () => {
    const runId = await seedRun("idle");
    const paused = await seedRun("idle-paused");
    expect(await nudgeIdleRuns(db)).not.toContain(runId); // its window's jobs are on the queue
    // Every job of both runs gone, the advance's too: nothing on the queue would move them on.
    await pauseRun({ db, runId: paused });
    for (const id of [runId, paused]) {
      await takeItemJobs(db, id, "SEED", N);
      await db.$executeRaw`delete from graphile_worker._private_jobs where payload->>'runId' = ${id}`;
    }
    const nudged = await nudgeIdleRuns(db);
    expect(nudged).toContain(runId);
    expect(nudged).not.toContain(paused);
    expect(await nudgeIdleRuns(db)).not.toContain(runId); // its advance is on the queue now

    // The advance the nudge put back, as its job would run it, then the run worked to its end.
    await advanceRun(db, runId);
    for (let keys = await takeItemJobs(db, runId, "SEED", N); keys.length; keys = await takeItemJobs(db, runId, "SEED", N)) {
      await workItems(db, runId, "SEED", keys);
      await advanceRun(db, runId);
    }
    expect((await items(runId)).every((item) => item.status === "DONE")).toBe(true);
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("SUCCEEDED");
  });

  it("cancel settles the window at once and the plan's rest in the background; readers count it all cancelled meanwhile", async () => {
    const runId = await seedRun("cancel");
    await pauseRun({ db, runId });
    await workItems(db, runId, "SEED", await takeItemJobs(db, runId, "SEED", 3)); // three held
    expect(await cancelRun({ db, runId })).toMatchObject({ to: "CANCELLED", items: N });
    expect(await seedJobs(runId)).toBe(0);
    // The window settled; the plan's rest still queued in its rows, with the settling job on the queue.
    const after = await items(runId);
    expect(after.filter((item) => item.dispatchedAt).every((item) => item.status === "FAILED" && item.reason === "cancelled")).toBe(true);
    expect(after.filter((item) => item.status === "QUEUED")).toHaveLength(N - WINDOW_FLOOR);
    expect(await advanceJobs(runId)).toBe(1);
    await expectAllCancelled(runId);
    // Nothing is worked after cancel, even an undispatched item whose job appeared somehow.
    expect(await workItems(db, runId, "SEED", [after.at(-1)!.itemKey])).toEqual(["settled"]);

    await advanceRun(db, runId); // the settling job
    const settled = await items(runId);
    expect(settled.every((item) => item.status === "FAILED" && item.reason === "cancelled" && item.finishedAt)).toBe(true);
    await expectAllCancelled(runId);
    expect(await seedJobs(runId)).toBe(0);
  });

  it("a worker killed between two batches of the settling leaves them settled, and the job run again settles the rest", async () => {
    const runId = await seedRun("cancel-killed");
    await cancelRun({ db, runId });
    // The first attempt commits one batch, then its worker dies before the next.
    let batches = 0;
    const dying = new Proxy(db, {
      get: (target, property, receiver) =>
        property === "$executeRaw"
          ? (...args: Parameters<typeof db.$executeRaw>) => {
              if (batches++ === 1) throw new Error("killed");
              return target.$executeRaw(...args);
            }
          : Reflect.get(target, property, receiver),
    });
    await expect(settleCancelledPlan(dying, runId, 7)).rejects.toThrow("killed");
    expect(await db.runItem.count({ where: { runId, status: "QUEUED" } })).toBe(N - WINDOW_FLOOR - 7);
    await expectAllCancelled(runId);
    // The queue runs the job again.
    await advanceRun(db, runId);
    expect(await db.runItem.count({ where: { runId, status: "QUEUED" } })).toBe(0);
    await expectAllCancelled(runId);
  });
});

/** The run's own account (rosetta run, the runs list, the dashboard): every item cancelled, none pending. */
async function expectAllCancelled(runId: string): Promise<void> {
  const summary = await summarizeRun(db, runId);
  expect(summary.stages[0]).toMatchObject({ total: N, failed: N, pending: 0, reasons: [{ reason: "cancelled", count: N }] });
  const [listed] = await listProjectRuns({ db, projectId: (await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } })).projectId });
  expect(listed).toMatchObject({ status: "CANCELLED", progress: [{ total: N, failed: N, pending: 0 }] });
}

const advanceJobs = async (runId: string) =>
  (
    await db.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs where key = ${`advance:${runId}`}`
  )[0]!.n;

describe("the advance job", () => {
  it("rethrows while the queue has attempts left; on its last one it ends the run FAILED, saying why, with its unstarted items", async () => {
    const runId = await seedRun("advance-fails");
    // Settings no advance can read: every attempt of the job throws.
    await db.synthesisRun.update({ where: { id: runId }, data: { stage: null, settings: { seed: { kinds: 5 } } } });
    const context = (lastAttempt: boolean) => ({ db, lastAttempt }) as unknown as JobContext;
    await expect(advance.run({ runId }, context(false))).rejects.toThrow();
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("RUNNING");

    await advance.run({ runId }, context(true));
    const run = await db.synthesisRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({
      status: "FAILED",
      error: expect.stringMatching(/^the run could not advance on any of its job's attempts: /),
    });
    expect(run.finishedAt).not.toBeNull();
    expect(await db.runItem.count({ where: { runId, status: { in: ["QUEUED", "RUNNING"] } } })).toBe(0);
    expect(await db.runItem.count({ where: { runId, reason: "the run is failed" } })).toBe(N);
  });
});

describe("a discuss job run again after its worker died", () => {
  it.each([
    ["FAILED", "the proposal stayed unusable", "the proposal stayed unusable"],
    ["CANCELLED", "cancelled", "cancelled"],
  ] as const)("settles its item FAILED when the earlier attempt had ended the discussion %s, not DONE", async (status, error, reason) => {
    const project = await db.project.create({ data: { slug: `rerun-${status}`, name: "rerun", languages: [], settings: {} } });
    const run = await db.synthesisRun.create({ data: { projectId: project.id, stages: ["DISCUSS"], stage: "DISCUSS", settings: {} } });
    // The earlier attempt ended the discussion, then its worker died before the item's settle.
    const discussion = await db.discussion.create({
      data: { projectId: project.id, runId: run.id, mode: "PARALLEL", targetLanguage: "python", status, error, finishedAt: new Date() },
    });
    await db.runItem.create({
      data: { runId: run.id, stage: "DISCUSS", itemKey: discussion.id, position: 0, status: "RUNNING", attempts: 1 },
    });
    const context = {
      db,
      lastAttempt: false,
      services: { live: { event: () => undefined } },
      log: () => undefined,
    } as unknown as JobContext;
    await discuss.run({ runId: run.id, discussionId: discussion.id }, context);
    expect(await db.runItem.findFirstOrThrow({ where: { runId: run.id } })).toMatchObject({ status: "FAILED", reason });
  });
});
