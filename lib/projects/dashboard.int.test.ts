import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { projectDashboard, projectDiscussions } from "@/lib/projects/dashboard";
import { listProjectRuns } from "@/lib/projects/list-runs";
import { requestProject } from "@/lib/projects/request-project";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("a project's dashboard", () => {
  it("counts per language what was imported, seeded, synthesized, verified and reviewed, and pages its discussions", async () => {
    const project = await db.project.create({ data: { slug: "dash", name: "Dash", languages: [], settings: {} } });
    const snippet = (language: string, i: number) =>
      db.snippet.create({ data: { projectId: project.id, code: `x${i}`, language, contentHash: `${language}${i}`, tokenCount: 1 } });
    const [py1, , go1] = await Promise.all([snippet("python", 1), snippet("python", 2), snippet("go", 1)]);
    const seed = (snippetId: string, language: string, status: "KEPT" | "DROPPED", kind: "DS1" | "DS2") =>
      db.seedSample.create({
        data: {
          projectId: project.id,
          snippetId,
          kind,
          language,
          instruction: "i",
          solution: "s",
          scores: [],
          totalScore: status === "KEPT" ? 4 : 2,
          status,
        },
      });
    const pySeed = await seed(py1.id, "python", "KEPT", "DS1");
    await seed(py1.id, "python", "DROPPED", "DS2");
    const goSeed = await seed(go1.id, "go", "KEPT", "DS1");
    // Kept seeds are reviewable items: reviewed seeds are counted apart, never as synthesized candidates.
    const seedItem = (seedSampleId: string, language: string, reviewStatus: "ACCEPTED" | "REJECTED") =>
      db.candidate.create({ data: { projectId: project.id, source: "DS1", seedSampleId, language, reviewStatus } });
    await seedItem(pySeed.id, "python", "REJECTED");
    await seedItem(goSeed.id, "go", "ACCEPTED");
    const candidate = (
      language: string,
      verificationStatus: "PASS" | "FAIL" | "PENDING",
      reviewStatus: "PENDING" | "ACCEPTED" | "REJECTED" | "DISPUTED",
    ) => db.candidate.create({ data: { projectId: project.id, language, verificationStatus, reviewStatus } });
    await candidate("rust", "PASS", "ACCEPTED");
    await candidate("rust", "FAIL", "REJECTED");
    await candidate("rust", "PENDING", "PENDING");
    // Two annotators disagreed: counted apart from accepted and rejected, for the curator.
    await candidate("rust", "PASS", "DISPUTED");
    for (let i = 0; i < 3; i++)
      await db.discussion.create({
        data: { projectId: project.id, mode: "PARALLEL", targetLanguage: "rust", status: i ? "SUCCEEDED" : "FAILED" },
      });

    const dashboard = await projectDashboard(db, project.id);
    const noCandidates = { candidates: 0, verified: 0, passed: 0, accepted: 0, rejected: 0, disputed: 0 };
    expect(dashboard.languages).toEqual([
      { language: "go", snippets: 1, seedsKept: 1, seedsDropped: 0, seedsAccepted: 1, seedsRejected: 0, ...noCandidates },
      { language: "python", snippets: 2, seedsKept: 1, seedsDropped: 1, seedsAccepted: 0, seedsRejected: 1, ...noCandidates },
      {
        language: "rust",
        snippets: 0,
        seedsKept: 0,
        seedsDropped: 0,
        seedsAccepted: 0,
        seedsRejected: 0,
        candidates: 4,
        verified: 3,
        passed: 2,
        accepted: 1,
        rejected: 1,
        disputed: 1,
      },
    ]);
    expect(dashboard.disputed).toBe(1);
    expect(dashboard.discussions).toEqual({ FAILED: 1, SUCCEEDED: 2 });

    const first = await projectDiscussions(db, project.id, { limit: 2 });
    const rest = await projectDiscussions(db, project.id, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((d) => d.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
    expect(rest.nextCursor).toBeNull();
    // A request names its project by slug; an unknown one is a 404 before the dashboard is asked.
    await expect(requestProject(db, "slug", { slug: "nope" })).rejects.toThrow('No project "nope".');
    expect(await requestProject(db, "slug", { slug: "dash" })).toBe(project.id);
    const missing = randomUUID();
    await expect(projectDashboard(db, missing)).rejects.toThrow(`No project ${missing}.`);
  });

  it("lists each discussion with its participants' languages, its candidates and when it started", async () => {
    const project = await db.project.create({ data: { slug: "dash-list", name: "Dash list", languages: [], settings: {} } });
    const agent = (language: string) =>
      db.agent.create({
        data: {
          projectId: project.id,
          scope: "PER_SEED",
          language,
          profile: "p",
          evolutionOperations: [],
          memoryCapacity: 4,
          similarityThreshold: 0.8,
        },
      });
    const [python, go] = [await agent("python"), await agent("go")];
    const startedAt = new Date("2026-12-01T10:00:00Z");
    const discussion = await db.discussion.create({
      data: {
        projectId: project.id,
        mode: "CENTRALIZED",
        targetLanguage: "rust",
        status: "RUNNING",
        startedAt,
        participants: { create: [{ agentId: python.id }, { agentId: go.id }] },
      },
    });
    await db.candidate.create({ data: { projectId: project.id, language: "rust", discussionId: discussion.id } });
    await db.discussion.create({ data: { projectId: project.id, mode: "PARALLEL", targetLanguage: "go" } });

    const { items } = await projectDiscussions(db, project.id, { limit: 10 });
    expect(
      items.map(({ participants, candidates, startedAt: started, targetLanguage }) => ({
        participants,
        candidates,
        started,
        targetLanguage,
      })),
    ).toEqual([
      { participants: [], candidates: 0, started: null, targetLanguage: "go" },
      { participants: ["python", "go"], candidates: 1, started: startedAt.toISOString(), targetLanguage: "rust" },
    ]);
  });

  it("shows each run's failure share, per stage, and its top reasons grouped as the run summary groups them", async () => {
    const project = await db.project.create({ data: { slug: "lossy", name: "Lossy", languages: [], settings: {} } });
    const clean = await db.synthesisRun.create({ data: { projectId: project.id, stages: ["SEED"], status: "SUCCEEDED", settings: {} } });
    await db.runItem.create({ data: { runId: clean.id, stage: "SEED", itemKey: "ok", status: "DONE" } });
    const run = await db.synthesisRun.create({
      data: { projectId: project.id, stages: ["SEED", "DISCUSS"], status: "FINISHED_WITH_FAILURES", settings: {} },
    });
    const items: { stage: "SEED" | "DISCUSS"; status: "DONE" | "FAILED"; reason?: string }[] = [
      ...Array.from({ length: 6 }, () => ({ stage: "SEED" as const, status: "DONE" as const })),
      { stage: "SEED", status: "FAILED", reason: "the scorer's answer was cut at 512 tokens" },
      { stage: "SEED", status: "FAILED", reason: "the scorer's answer was cut at 1024 tokens" },
      { stage: "DISCUSS", status: "DONE" },
      { stage: "DISCUSS", status: "FAILED", reason: "the agent's answer is not JSON" },
      { stage: "DISCUSS", status: "FAILED", reason: "the agent's answer is not JSON" },
      { stage: "DISCUSS", status: "FAILED", reason: "the agent's answer is not JSON" },
      { stage: "DISCUSS", status: "FAILED", reason: "endpoint down" },
      { stage: "DISCUSS", status: "FAILED", reason: "timed out" },
    ];
    // A seed item's key is its snippet's id (the run summary joins on it).
    await db.runItem.createMany({ data: items.map((item) => ({ runId: run.id, itemKey: randomUUID(), ...item })) });

    const dashboard = await projectDashboard(db, project.id);
    const [latest, older] = dashboard.runs;
    expect(latest).toMatchObject({
      id: run.id,
      status: "FINISHED_WITH_FAILURES",
      total: 14,
      failed: 7,
      stages: [
        { stage: "SEED", total: 8, failed: 2 },
        { stage: "DISCUSS", total: 6, failed: 5 },
      ],
      // Most frequent first; equal causes (numbers aside) counted together; the top three.
      reasons: [
        { stage: "DISCUSS", reason: "the agent's answer is not JSON", count: 3 },
        { stage: "SEED", reason: "the scorer's answer was cut at 512 tokens", count: 2 },
        { stage: "DISCUSS", reason: "endpoint down", count: 1 },
      ],
    });
    expect(older).toMatchObject({ id: clean.id, total: 1, failed: 0, reasons: [] });
    // The watched run (no run is running: the latest) carries its reasons for the dashboard's banner.
    expect(dashboard.progress).toMatchObject({ runId: run.id, status: "FINISHED_WITH_FAILURES", reasons: latest!.reasons });

    // The run controls' list shows the same reasons.
    const listed = await listProjectRuns({ db, projectId: project.id });
    expect(listed.find((r) => r.id === run.id)?.reasons).toEqual(latest!.reasons);
    expect(listed.find((r) => r.id === clean.id)?.reasons).toEqual([]);
  });
});
