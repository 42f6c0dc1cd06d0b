import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { childEnv, env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { reapDeadWorkers } from "@/lib/jobs/reaper";
import { getSystemHealth } from "@/lib/health/check";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

function startWorkerProcess(args: string[] = []) {
  const child = spawn(process.execPath, [path.resolve("bin/rosetta.js"), "worker", ...args], {
    env: childEnv({ DATABASE_URL: env.DATABASE_URL!, ROSETTA_WORKER_CONCURRENCY: "2" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, output: () => output, exited };
}

describe("the worker process", () => {
  it("runs a queued job end to end, heartbeats, and stops gracefully on SIGTERM", async () => {
    const project = await db.project.create({ data: { slug: "jobs", name: "Jobs", languages: ["python"], settings: {} } });
    await db.snippet.createMany({
      data: ["print(1)", "print(2)", "print(3)"].map((code, i) => ({
        projectId: project.id,
        code,
        language: "python",
        contentHash: `h${i}`,
        tokenCount: 3,
      })),
    });
    // Enqueued before the worker exists: the queue keeps it until someone takes it.
    await enqueueJob(db, "project.refresh-snippet-count", { projectId: project.id });

    const worker = startWorkerProcess();
    try {
      await expect
        .poll(async () => (await db.project.findUniqueOrThrow({ where: { id: project.id } })).snippetCount, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe(3);
      const row = await db.worker.findFirstOrThrow({ where: { pid: worker.child.pid! } });
      expect(row.stoppedAt).toBeNull();

      // A second job while running arrives through LISTEN/NOTIFY.
      await db.snippet.create({ data: { projectId: project.id, code: "print(4)", language: "python", contentHash: "h3", tokenCount: 3 } });
      await enqueueJob(db, "project.refresh-snippet-count", { projectId: project.id });
      await expect
        .poll(async () => (await db.project.findUniqueOrThrow({ where: { id: project.id } })).snippetCount, {
          timeout: 10_000,
          interval: 100,
        })
        .toBe(4);
    } finally {
      worker.child.kill("SIGTERM");
    }
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("stopped");
    const stopped = await db.worker.findFirstOrThrow({ where: { pid: worker.child.pid! } });
    expect(stopped.stoppedAt).not.toBeNull();
    // Nothing left on the queue, nothing failed.
    const [{ left }] = await db.$queryRaw<[{ left: number }]>`select count(*)::int as left from graphile_worker.jobs`;
    expect(left).toBe(0);
  });

  it("hands back jobs locked by a queue worker no live worker owns (killed before it recorded its queue id), and those of a dead local pid", async () => {
    const project = await db.project.create({ data: { slug: "orphans", name: "Orphans", languages: [], settings: {} } });
    await enqueueJob(db, "project.refresh-snippet-count", { projectId: project.id });
    // As graphile-worker leaves a job whose worker vanished: locked, long ago, by an id nobody records.
    await db.$executeRaw`update graphile_worker._private_jobs set locked_by = 'vanished-pool', locked_at = now() - interval '1 minute'`;
    const exited = spawnSync(process.execPath, ["-e", ""]);
    await db.worker.create({ data: { hostname: os.hostname(), pid: exited.pid!, lastSeenAt: new Date() } });

    expect(await reapDeadWorkers(db, 20)).toBe(1); // the local row whose process is gone
    const [job] = await db.$queryRaw<{ locked_by: string | null }[]>`select locked_by from graphile_worker.jobs`;
    expect(job!.locked_by).toBeNull();
    expect(await db.worker.findFirstOrThrow({ where: { pid: exited.pid! } })).toMatchObject({
      stoppedAt: expect.any(Date),
      exitReason: "its process is gone",
    });
    await db.$executeRaw`delete from graphile_worker._private_jobs`;
  });

  it("refuses to enqueue a payload that does not match the job's schema, and queues nothing", async () => {
    await expect(enqueueJob(db, "project.refresh-snippet-count", { projectId: "not-a-uuid" })).rejects.toMatchObject({
      code: "JOB_PAYLOAD_INVALID",
      message: expect.stringContaining("projectId"),
    });
    const [{ queued }] = await db.$queryRaw<[{ queued: number }]>`select count(*)::int as queued from graphile_worker.jobs`;
    expect(queued).toBe(0);
  });

  it("enqueues atomically with the caller's transaction", async () => {
    const project = await db.project.create({ data: { slug: "tx", name: "Tx", languages: [], settings: {} } });
    await expect(
      db.$transaction(async (tx) => {
        await enqueueJob(tx, "project.refresh-snippet-count", { projectId: project.id });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const [{ queued }] = await db.$queryRaw<[{ queued: number }]>`select count(*)::int as queued from graphile_worker.jobs`;
    expect(queued).toBe(0);
  });
  it("with --queues takes only those queues' jobs, leaves the others waiting, and health names the queue no worker takes", async () => {
    const project = await db.project.create({ data: { slug: "queues", name: "Queues", languages: ["python"], settings: {} } });
    await db.snippet.create({ data: { projectId: project.id, code: "print(1)", language: "python", contentHash: "q1", tokenCount: 3 } });
    // A verify job (its ids need not exist: no worker of this test may ever take it) and a maintenance job.
    await enqueueJob(db, "synthesis.verify", { runId: crypto.randomUUID(), candidateId: crypto.randomUUID() });
    await enqueueJob(db, "project.refresh-snippet-count", { projectId: project.id });

    const worker = startWorkerProcess(["--queues", "maintenance"]);
    try {
      await expect
        .poll(async () => (await db.project.findUniqueOrThrow({ where: { id: project.id } })).snippetCount, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe(1);
      expect((await db.worker.findFirstOrThrow({ where: { pid: worker.child.pid! } })).queues).toEqual(["maintenance"]);
      // The maintenance job is done and gone (the queue deletes it just after its handler returns, so
      // just after the count is seen: awaited, not sampled once); the verify job was never locked nor attempted.
      await expect
        .poll(
          () => db.$queryRaw<{ task_identifier: string; attempts: number; locked_at: Date | null }[]>`
            select task_identifier, attempts, locked_at from graphile_worker.jobs`,
          { timeout: 10_000, interval: 100 },
        )
        .toEqual([{ task_identifier: "synthesis.verify", attempts: 0, locked_at: null }]);
      const health = await getSystemHealth({ db, staleSeconds: 20, searchPath: "/usr/bin" });
      expect(health.worker.status).toBe("degraded");
      expect(health.worker.detail).toContain("[maintenance]");
      expect(health.worker.detail).toContain(
        "no live worker takes the verify queue (1 job waiting): start `rosetta worker --queues verify`",
      );
    } finally {
      worker.child.kill("SIGTERM");
    }
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("queues maintenance");
    await db.$executeRaw`delete from graphile_worker._private_jobs`;
  });

  it("refuses an unknown queue with the list of queues, exit 2", async () => {
    const worker = startWorkerProcess(["--queues", "verify,gpu"]);
    expect(await worker.exited).toBe(2);
    expect(worker.output()).toContain("unknown worker queue gpu; the queues are synthesis, verify, solve, dpo, eval, maintenance (or all)");
  });
});
