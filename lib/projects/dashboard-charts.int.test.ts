import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { projectDashboard } from "@/lib/projects/dashboard";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("a project's dashboard charts", () => {
  it("shows the running run's items per stage in the run's order, even stages not reached yet", async () => {
    const project = await db.project.create({ data: { slug: "progress", name: "Progress", languages: [], settings: {} } });
    const old = await db.synthesisRun.create({ data: { projectId: project.id, stages: ["SEED"], status: "SUCCEEDED", settings: {} } });
    await db.runItem.create({ data: { runId: old.id, stage: "SEED", itemKey: "old", status: "DONE" } });
    const run = await db.synthesisRun.create({
      data: { projectId: project.id, stages: ["SEED", "AGENTS", "DISCUSS"], stage: "AGENTS", settings: {} },
    });
    const item = (stage: "SEED" | "AGENTS", itemKey: string, status: "QUEUED" | "RUNNING" | "DONE" | "FAILED") =>
      db.runItem.create({ data: { runId: run.id, stage, itemKey, status } });
    // A seed item's key is its snippet's id (the run summary joins on it).
    await Promise.all([
      item("SEED", randomUUID(), "DONE"),
      item("SEED", randomUUID(), "DONE"),
      item("SEED", randomUUID(), "FAILED"),
      item("AGENTS", "x", "RUNNING"),
      item("AGENTS", "y", "QUEUED"),
    ]);
    // A newer run that already ended does not take the chart from the running one.
    await db.synthesisRun.create({ data: { projectId: project.id, stages: ["VERIFY"], status: "CANCELLED", settings: {} } });

    const { progress } = await projectDashboard(db, project.id);
    expect(progress).toEqual({
      runId: run.id,
      status: "RUNNING",
      stage: "AGENTS",
      stages: [
        { stage: "SEED", queued: 0, running: 0, done: 2, failed: 1 },
        { stage: "AGENTS", queued: 1, running: 1, done: 0, failed: 0 },
        { stage: "DISCUSS", queued: 0, running: 0, done: 0, failed: 0 },
      ],
      // Its failed item had no reason recorded.
      reasons: [{ stage: "SEED", reason: "no reason recorded", count: 1 }],
    });
  });

  it("without a running run shows the latest one, and nothing for a project that never ran", async () => {
    const project = await db.project.create({ data: { slug: "ended", name: "Ended", languages: [], settings: {} } });
    expect((await projectDashboard(db, project.id)).progress).toBeNull();
    await db.synthesisRun.create({ data: { projectId: project.id, stages: ["SEED"], status: "SUCCEEDED", settings: {} } });
    const latest = await db.synthesisRun.create({ data: { projectId: project.id, stages: ["VERIFY"], status: "FAILED", settings: {} } });
    const { progress } = await projectDashboard(db, project.id);
    expect(progress).toMatchObject({
      runId: latest.id,
      status: "FAILED",
      stages: [{ stage: "VERIFY", queued: 0, running: 0, done: 0, failed: 0 }],
    });
  });

  it("sums tokens, calls, failures and cost per day and per stage, for this project only", async () => {
    const project = await db.project.create({ data: { slug: "usage", name: "Usage", languages: [], settings: {} } });
    const other = await db.project.create({ data: { slug: "usage-other", name: "Other", languages: [], settings: {} } });
    const call = (
      projectId: string,
      stage: string,
      day: string,
      promptTokens: number,
      completionTokens: number,
      costUsd: number | null,
      errorCode?: string,
    ) =>
      db.llmCall.create({
        data: {
          projectId,
          role: "AGENT",
          model: "m",
          stage,
          language: "python",
          promptTokens,
          completionTokens,
          latencyMs: 5,
          costUsd,
          errorCode,
          createdAt: new Date(`${day}T12:00:00Z`),
        },
      });
    await call(project.id, "seed", "2026-11-01", 100, 10, 0.5);
    await call(project.id, "seed", "2026-11-02", 200, 20, 0.25);
    await call(project.id, "discussion", "2026-11-02", 1000, 500, null);
    await call(project.id, "discussion", "2026-11-02", 0, 0, null, "TIMEOUT");
    await call(other.id, "seed", "2026-11-02", 9999, 9999, 99);

    const dashboard = await projectDashboard(db, project.id);
    expect(dashboard.usage.byDay).toEqual([
      { day: "2026-11-01", promptTokens: 100, completionTokens: 10, costUsd: 0.5, calls: 1, failed: 0 },
      { day: "2026-11-02", promptTokens: 1200, completionTokens: 520, costUsd: 0.25, calls: 3, failed: 1 },
    ]);
    // Most tokens first.
    expect(dashboard.usage.byStage).toEqual([
      { stage: "discussion", promptTokens: 1000, completionTokens: 500, costUsd: 0, calls: 2, failed: 1 },
      { stage: "seed", promptTokens: 300, completionTokens: 30, costUsd: 0.75, calls: 2, failed: 0 },
    ]);
    expect(dashboard.tokens).toBe(1830);
    expect(dashboard.costUsd).toBe(0.75);
  });
});
