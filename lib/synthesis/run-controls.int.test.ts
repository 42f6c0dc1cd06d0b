import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { dispatchWindow } from "@/lib/synthesis/dispatch";
import { cancelRun, pauseRun, resumeRun, startRun } from "@/lib/synthesis/runs";
import { spawn } from "node:child_process";
import path from "node:path";
import { childEnv } from "@/lib/env";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";

/**
 * Pause, resume and cancel against a real worker on the PostgreSQL queue and the scripted model
 * server over HTTP, slow enough (tokens per second) that a run is caught in the middle.
 */

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;

beforeAll(async () => {
  server = await startModelServer({ port: 0, seed: 3, wrongRate: 0, ttftMs: 20, tokensPerSecond: 1_500 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 2, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

/** Polls until `check` holds (the queue works on its own time; nothing here sleeps a fixed time). */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const itemsOf = (runId: string) => db.runItem.findMany({ where: { runId }, orderBy: { id: "asc" } });

describe("run controls", () => {
  it("pause: items in flight finish, nothing new starts (queued jobs are held), resume finishes the run with every item worked once", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "pause",
      baseUrl: server.url,
      snippets: testSnippets(2),
      settings: { verification: { enabled: false } },
    });
    const run = await startRun({ db, projectId, stages: ["SEED"] });
    await until("an item to start", async () => (await db.runItem.count({ where: { runId: run.id, status: { not: "QUEUED" } } })) > 0);
    expect(await pauseRun({ db, runId: run.id })).toMatchObject({ from: "RUNNING", to: "PAUSED" });
    await expect(pauseRun({ db, runId: run.id })).rejects.toThrow("The run is paused; only a running run can be paused.");

    // Whatever was running finishes; every other item's job on the queue runs, finds the run paused
    // and holds it; the items of the plan not yet dispatched stay where they are.
    await until("the running items to finish and the queued ones to be held", async () => {
      const items = await itemsOf(run.id);
      return items.every(
        (item) =>
          item.status === "DONE" || item.status === "FAILED" || (item.status === "QUEUED" && (item.heldAt !== null || !item.dispatchedAt)),
      );
    });
    const paused = await itemsOf(run.id);
    const started = paused.filter((item) => item.status !== "QUEUED").map((item) => item.id);
    const held = paused.filter((item) => item.heldAt !== null);
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(await dispatchWindow(db, "SEED"));
    expect(paused.filter((item) => item.status === "QUEUED").every((item) => item.attempts === 0 && item.startedAt === null)).toBe(true);
    // The workers are idle while paused: no item's job is left on the queue (nothing polls), and the run stays paused.
    await until("the held jobs to leave the queue", async () => {
      const [jobs] = await db.$queryRaw<
        { n: number }[]
      >`select count(*)::int as n from graphile_worker._private_jobs where key like ${`seed:${run.id}:%`}`;
      return jobs!.n === 0;
    });
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("PAUSED");
    expect((await itemsOf(run.id)).filter((item) => item.status !== "QUEUED").map((item) => item.id)).toEqual(started);

    expect(await resumeRun({ db, runId: run.id })).toMatchObject({ from: "PAUSED", to: "RUNNING", items: held.length });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    const after = await itemsOf(run.id);
    expect(after.filter((item) => item.status !== "DONE")).toEqual([]);
    expect(after.every((item) => item.attempts === 1 && item.heldAt === null)).toBe(true);
  });

  it("cancel: queued items fail as cancelled, a discussion in flight stops at its next turn, nothing starts after", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "cancel",
      baseUrl: server.url,
      snippets: testSnippets(1),
      settings: { verification: { enabled: false }, discussion: { debate: true, debateRounds: 3, groupSize: 2 } },
    });
    const seeded = await startRun({ db, projectId, stages: ["SEED", "AGENTS"] });
    expect(await waitForRun(db, seeded.id)).toBe("SUCCEEDED");

    const run = await startRun({ db, projectId, stages: ["DISCUSS"] });
    // Caught mid-debate: a discussion has spoken at least once.
    await until(
      "a discussion to be under way",
      async () => (await db.turn.count({ where: { discussion: { runId: run.id }, kind: { not: "PROMPT" } } })) > 0,
    );
    const change = await cancelRun({ db, runId: run.id });
    expect(change).toMatchObject({ to: "CANCELLED" });
    await expect(resumeRun({ db, runId: run.id })).rejects.toThrow("The run is cancelled; only a paused run can be resumed.");

    await until(
      "every item to settle",
      async () => (await db.runItem.count({ where: { runId: run.id, status: { in: ["QUEUED", "RUNNING"] } } })) === 0,
    );
    const cancelledAt = (await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).finishedAt!;
    const items = await itemsOf(run.id);
    const discussions = await db.discussion.findMany({ where: { runId: run.id }, include: { turns: { select: { kind: true } } } });
    expect(discussions.length).toBeGreaterThan(1);
    // Nothing started after the cancel; those cancelled say so; no discussion is left open.
    expect(items.filter((item) => item.startedAt && item.startedAt > cancelledAt)).toEqual([]);
    expect(items.filter((item) => item.status === "FAILED").every((item) => item.reason === "cancelled")).toBe(true);
    expect(items.some((item) => item.status === "FAILED")).toBe(true);
    expect(discussions.filter((d) => d.status === "QUEUED" || d.status === "RUNNING")).toEqual([]);
    const stopped = discussions.filter((d) => d.status === "CANCELLED" && d.turns.length > 0);
    expect(stopped.length, "the discussion in flight stopped part-way").toBeGreaterThan(0);
    // Stopped before the end: never scored, no candidate.
    for (const d of stopped) expect(d.turns.filter((t) => t.kind === "SCORE" || t.kind === "FINAL")).toEqual([]);
    expect(await db.candidate.count({ where: { discussionId: { in: stopped.map((d) => d.id) } } })).toBe(0);
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("CANCELLED");
  });

  it("rosetta run, following a run, shows it paused and then cancelled", async () => {
    await createSynthesisProject({
      db,
      slug: "follow",
      baseUrl: server.url,
      snippets: testSnippets(2),
      settings: { verification: { enabled: false } },
    });
    const child = spawn(process.execPath, [path.resolve("bin/rosetta.js"), "run", "--project", "follow", "--stages", "seed"], {
      env: childEnv({ DATABASE_URL: env.DATABASE_URL! }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await until("the run to start", async () => /Run (\S+) started/.test(stdout));
    const runId = /Run (\S+) started/.exec(stdout)![1]!;
    await pauseRun({ db, runId });
    await until("the follower to say it is paused", async () => stderr.includes("paused: no new items start"));
    await cancelRun({ db, runId });
    expect(await exited).toBe(1);
    expect(stdout).toContain(`Run ${runId}: cancelled`);
    expect(stdout).toContain('The run was cancelled: queued items did not start (reason "cancelled").');
  });
});
