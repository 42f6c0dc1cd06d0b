import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { listProjectRuns } from "@/lib/projects/list-runs";
import { advanceRun, cancelRun, pauseRun, startRun } from "@/lib/synthesis/runs";
import { summarizeRun } from "@/lib/synthesis/summary";
import { startJunkProxy, type ProxiedRequest, type RunningJunkProxy } from "@/lib/testing/junk-proxy";
import { createSynthesisProject, testSnippets, turnText, waitForRun } from "@/lib/testing/synthesis";

/**
 * What real models do to a run (issue 13): some answers are prose where JSON was asked for. A
 * proxy in front of the scripted model server spoils chosen requests; the run must lose only what
 * it cannot help losing, and say so.
 */

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let proxy: RunningJunkProxy;
let worker: RunningWorker;
/** Which requests the proxy spoils; each test sets its own. */
let spoil: (request: ProxiedRequest) => boolean = () => false;

beforeAll(async () => {
  // No evolution eliminated: these tests count every discussion's candidate.
  server = await startModelServer({ port: 0, seed: 31, wrongRate: 0.2, eliminateRate: 0, ttftMs: 2, tokensPerSecond: 50_000 });
  proxy = await startJunkProxy({ target: server.url, junk: (request) => spoil(request) });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 8, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await proxy?.close();
  await server?.close();
  await db.$disconnect();
});

const DS1_INSTRUCTION = "Write a programming problem (an instruction)";

describe("how a run ends", () => {
  it("SUCCEEDED only when nothing failed, FAILED when most of a stage failed, FINISHED_WITH_FAILURES in between, with counts per stage", async () => {
    const project = await db.project.create({ data: { slug: "outcomes", name: "outcomes", languages: [], settings: {} } });
    const close = async (items: Partial<Record<RunStage, ("DONE" | "FAILED")[]>>) => {
      const stages: RunStage[] = ["SEED", "AGENTS", "DISCUSS"];
      // Every stage worked through (the last discussion round planned), the last item just settled.
      const run = await db.synthesisRun.create({ data: { projectId: project.id, stages, stage: "DISCUSS", round: 1, settings: {} } });
      await db.runItem.createMany({
        data: Object.entries(items).flatMap(([stage, statuses]) =>
          statuses.map((status, i) => ({
            runId: run.id,
            stage: stage as RunStage,
            itemKey: `${stage}-${i}`,
            status,
            reason: status === "FAILED" ? "BadOutput" : null,
          })),
        ),
      });
      await advanceRun(db, run.id);
      return db.synthesisRun.findUniqueOrThrow({
        where: { id: run.id },
        select: { status: true, error: true, stage: true, finishedAt: true },
      });
    };
    const done = (n: number) => Array<"DONE">(n).fill("DONE");
    const failed = (n: number) => Array<"FAILED">(n).fill("FAILED");

    expect(await close({ SEED: done(4), AGENTS: done(1), DISCUSS: done(2) })).toMatchObject({
      status: "SUCCEEDED",
      error: null,
      stage: null,
      finishedAt: expect.any(Date),
    });
    expect(await close({ SEED: [...done(3), ...failed(1)], AGENTS: done(1), DISCUSS: [...done(11), ...failed(1)] })).toMatchObject({
      status: "FINISHED_WITH_FAILURES",
      error: "seed 1 of 4 failed; discuss 1 of 12 failed",
    });
    // Exactly half is not most.
    expect(await close({ SEED: done(4), AGENTS: done(1), DISCUSS: [...done(2), ...failed(2)] })).toMatchObject({
      status: "FINISHED_WITH_FAILURES",
      error: "discuss 2 of 4 failed",
    });
    // A stage left with nothing after earlier failures does not read as clean.
    expect(await close({ SEED: [...done(1), ...failed(3)], AGENTS: failed(1) })).toMatchObject({
      status: "FAILED",
      error: "seed 3 of 4 failed; agents 1 of 1 failed; discuss had nothing to work on",
    });
  });
});

describe("seed pairs", () => {
  it("fails Ds1 of a snippet on its own while its Ds2 is kept, counts pairs honestly, and a second run makes only the missing pair", async () => {
    const snippets = testSnippets(1);
    const { projectId } = await createSynthesisProject({
      db,
      slug: "seed-pairs",
      baseUrl: proxy.url,
      snippets,
      settings: { verification: { enabled: false } },
    });
    const python = await db.snippet.findFirstOrThrow({ where: { projectId, language: "python" } });
    spoil = (request) =>
      request.role === "instruction_generator" && request.language === "python" && request.text.includes(DS1_INSTRUCTION);
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS"] });
    expect(await waitForRun(db, run.id)).toBe("FINISHED_WITH_FAILURES");
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).error).toBe(`seed 1 of ${snippets.length * 2} failed`);
    // The runs list (the studio's run controls) carries the account; a finished run takes no controls.
    expect((await listProjectRuns({ db, projectId })).find((r) => r.id === run.id)).toMatchObject({
      status: "FINISHED_WITH_FAILURES",
      error: `seed 1 of ${snippets.length * 2} failed`,
    });
    await expect(pauseRun({ db, runId: run.id })).rejects.toThrow("The run is finished with failures; only a running run can be paused.");
    await expect(cancelRun({ db, runId: run.id })).rejects.toThrow(
      "The run is finished with failures; only a running or paused run can be cancelled.",
    );

    // One item per (snippet, kind), keyed `<snippetId>:<kind>`: only python's Ds1 failed.
    const items = await db.runItem.findMany({ where: { runId: run.id, stage: "SEED" } });
    expect(items.map((i) => i.itemKey).sort()).toEqual(
      (await db.snippet.findMany({ where: { projectId } })).flatMap((s) => [`${s.id}:DS1`, `${s.id}:DS2`]).sort(),
    );
    const failedItems = items.filter((i) => i.status === "FAILED");
    expect(failedItems.map((i) => i.itemKey)).toEqual([`${python.id}:DS1`]);
    expect(failedItems[0]!.reason).toMatch(/^BadOutput .*repair round/);
    expect(failedItems[0]!.rawOutput).toContain("I am sorry");
    expect(items.find((i) => i.itemKey === `${python.id}:DS2`)!.status).toBe("DONE");
    expect((await db.seedSample.findMany({ where: { snippetId: python.id } })).map((s) => s.kind)).toEqual(["DS2"]);

    // The summary counts pairs, and the kept/dropped split is the pairs this run made.
    const summary = await summarizeRun(db, run.id);
    const seed = summary.stages.find((s) => s.stage === "SEED")!;
    expect(seed).toMatchObject({
      total: snippets.length * 2,
      done: snippets.length * 2 - 1,
      failed: 1,
      reasons: [{ count: 1, example: `${python.id}:DS1` }],
    });
    const pythonLine = seed.languages.find((l) => l.language === "python")!;
    expect(pythonLine).toMatchObject({ done: 1, failed: 1 });
    expect((pythonLine.kept ?? 0) + (pythonLine.dropped ?? 0)).toBe(1);
    const allPairs = seed.languages.reduce((n, l) => n + (l.kept ?? 0) + (l.dropped ?? 0), 0);
    expect(allPairs).toBe(snippets.length * 2 - 1);

    // The model behaves again: a second run asks for exactly the missing pair.
    spoil = () => false;
    const again = await startRun({ db, projectId, stages: ["SEED"] });
    expect(await waitForRun(db, again.id)).toBe("SUCCEEDED");
    expect((await db.runItem.findMany({ where: { runId: again.id } })).map((i) => [i.itemKey, i.status])).toEqual([
      [`${python.id}:DS1`, "DONE"],
    ]);
    expect((await db.seedSample.findMany({ where: { snippetId: python.id }, orderBy: { kind: "asc" } })).map((s) => s.kind)).toEqual([
      "DS1",
      "DS2",
    ]);
  });
});

describe("debates with unusable answers", () => {
  it("leaves out a critique unusable twice, ends the debate with the last valid revision when the final one is unusable twice, and replays the log without paying again", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "debate-junk",
      baseUrl: proxy.url,
      snippets: testSnippets(1),
      // Per-language agents: the critics of a discussion speak different languages, so their prompts differ.
      settings: {
        verification: { enabled: false },
        agents: { scope: "PER_LANGUAGE" },
        discussion: { debate: true, debateRounds: 2, groupSize: 3 },
      },
    });
    spoil = () => false;
    const seeded = await startRun({ db, projectId, stages: ["SEED", "AGENTS"] });
    expect(await waitForRun(db, seeded.id)).toBe("SUCCEEDED");

    // One critic answers prose, every time: its critique is tried, retried, and left out.
    let victim: string | undefined;
    spoil = (request) => {
      if (request.task !== "critique") return false;
      const system = String(request.body.messages?.[0]?.content);
      victim ??= system;
      return system === victim;
    };
    const run = await startRun({ db, projectId, stages: ["DISCUSS"], limit: 1 });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    const discussion = await db.discussion.findFirstOrThrow({
      where: { runId: run.id },
      include: {
        participants: true,
        turns: { orderBy: { seq: "asc" }, include: { prompt: true } },
        candidates: { include: { revisions: true } },
      },
    });
    expect(discussion.participants).toHaveLength(3);
    expect(discussion).toMatchObject({ status: "SUCCEEDED", error: null, round: 2 });
    const answers = discussion.turns.filter((t) => t.kind !== "PROMPT");
    const step = (t: { payload: Prisma.JsonValue }) => (t.payload as { step: string }).step;
    const errors = answers.filter((t) => t.kind === "ERROR");
    expect(errors.map(step)).toEqual([
      expect.stringMatching(/^critique:1:/),
      expect.stringMatching(/^critique:1:.*:retry$/),
      expect.stringMatching(/^critique:2:/),
      expect.stringMatching(/^critique:2:.*:retry$/),
    ]);
    for (const error of errors) expect(error.content).toMatch(/^BadOutput /);
    expect(errors[1]!.content).toContain("round 1: the critique by agent");
    expect(errors[1]!.content).toContain("is left out");
    expect(answers.filter((t) => t.kind !== "ERROR").map((t) => t.kind)).toEqual([
      "PROPOSAL",
      "CRITIQUE",
      "REVISION",
      "CRITIQUE",
      "FINAL",
      "SCORE",
      "JUDGEMENT",
    ]);
    // The revision was asked with the one usable critique.
    const revisePrompt = discussion.turns.find((t) => t.kind === "PROMPT" && step(t) === "revise:1")!;
    const critiques = turnText(revisePrompt).split("The other agents' critiques:")[1]!.split("Revise the draft")[0]!;
    expect(critiques).toMatch(/^\n1\. /);
    expect(critiques).not.toMatch(/\n2\. /);
    // The candidate is made as usual; its first revision says what was left out.
    expect(discussion.candidates).toHaveLength(1);
    const note = discussion.candidates[0]!.revisions.find((r) => r.number === 1)!.note!;
    expect(note).toMatch(
      /^discussion .* \(\w+\); round 1: the critique by agent \d \(\w+\) was unusable twice and is left out \(BadOutput .*\); round 2: the critique by agent/,
    );

    // Replayed from its log after a crash before the judgement was stored: same result, one call (the judgement).
    const replay = await db.synthesisRun.create({
      data: {
        projectId,
        stages: ["DISCUSS"],
        stage: "DISCUSS",
        round: 99,
        settings: (await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).settings as Prisma.InputJsonValue,
      },
    });
    const copy = await db.discussion.create({
      data: {
        projectId,
        runId: replay.id,
        planRound: 1,
        mode: discussion.mode,
        debate: true,
        maxRounds: discussion.maxRounds,
        mainAgentId: discussion.mainAgentId,
        targetLanguage: discussion.targetLanguage,
        status: "RUNNING",
        startedAt: new Date(),
      },
    });
    await db.discussionParticipant.createMany({
      data: discussion.participants.map((p) => ({ discussionId: copy.id, agentId: p.agentId })),
    });
    await db.turn.createMany({
      data: discussion.turns.slice(0, -1).map((t) => ({
        discussionId: copy.id,
        seq: t.seq,
        kind: t.kind,
        agentId: t.agentId,
        language: t.language,
        round: t.round,
        content: t.content,
        payload: t.payload as Prisma.InputJsonValue,
        llmCallId: t.llmCallId,
        promptId: t.promptId,
      })),
    });
    await db.runItem.create({ data: { runId: replay.id, stage: "DISCUSS", itemKey: copy.id, language: copy.targetLanguage } });
    const spoiledBefore = proxy.junked();
    await enqueueJob(db, "synthesis.discuss", { runId: replay.id, discussionId: copy.id }, { jobKey: `discuss:${copy.id}` });
    expect(await waitForRun(db, replay.id)).toBe("SUCCEEDED");
    expect(proxy.junked()).toBe(spoiledBefore);
    expect(await db.llmCall.count({ where: { runId: replay.id } })).toBe(1);
    const replayed = await db.discussion.findUniqueOrThrow({
      where: { id: copy.id },
      include: { turns: { orderBy: { seq: "asc" } }, candidates: { include: { revisions: true } } },
    });
    expect(replayed.turns.map((t) => [t.kind, step(t)])).toEqual(discussion.turns.map((t) => [t.kind, step(t)]));
    expect(replayed.candidates[0]!.revisions.find((r) => r.number === 1)!.note).toBe(note.replace(discussion.id, copy.id));

    // The final version unusable twice: the revision of round 1 stands, and the note says so.
    spoil = (request) => request.task === "final";
    const finalRun = await startRun({ db, projectId, stages: ["DISCUSS"], limit: 1 });
    expect(await waitForRun(db, finalRun.id)).toBe("SUCCEEDED");
    const ended = await db.discussion.findFirstOrThrow({
      where: { runId: finalRun.id },
      include: { turns: { orderBy: { seq: "asc" } }, candidates: { include: { currentRevision: true, revisions: true } } },
    });
    expect(ended).toMatchObject({ status: "SUCCEEDED", round: 1 });
    const endedAnswers = ended.turns.filter((t) => t.kind !== "PROMPT");
    expect(endedAnswers.filter((t) => t.kind === "ERROR").map(step)).toEqual(["final:2", "final:2:retry"]);
    expect(endedAnswers.at(-1)!.kind).toBe("JUDGEMENT");
    const revision = endedAnswers.find((t) => t.kind === "REVISION")!.payload as { output: { instruction: string; solution: string } };
    expect(ended.candidates[0]!.currentRevision).toMatchObject({
      number: 1,
      instruction: revision.output.instruction,
      solution: revision.output.solution,
    });
    expect(ended.candidates[0]!.currentRevision!.note).toContain(
      "round 2: the final version was unusable twice; the debate ends with the revision of round 1",
    );
  });
});

describe("elimination with unusable judgements", () => {
  it("keeps the evolution when the elimination check is unusable twice, and says so in the note", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "judge-junk",
      baseUrl: proxy.url,
      snippets: testSnippets(2).filter((snippet) => snippet.language === "python"),
      settings: { verification: { enabled: false }, discussion: { groupSize: 2 } },
    });
    spoil = (request) => request.task === "judge";
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"], limit: 1 });
    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    const step = (t: { payload: Prisma.JsonValue }) => (t.payload as { step: string }).step;
    const unjudged = await db.discussion.findFirstOrThrow({
      where: { runId: run.id },
      include: { turns: { orderBy: { seq: "asc" } }, candidates: { include: { revisions: true } } },
    });
    expect(unjudged.turns.filter((t) => t.kind === "ERROR").map(step)).toEqual(["judge", "judge:retry"]);
    expect(unjudged.candidates).toHaveLength(1);
    expect(unjudged.candidates[0]!.revisions.find((r) => r.number === 1)!.note).toContain(
      "the elimination check was unusable twice; the evolution is kept without it",
    );
  });
});

const support = isolationSupport();

describe.skipIf(!support.ok)(`DPO with unusable samples${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("skips and counts an unusable sample, fails a query only when every sample or the test writer is unusable, and never buys a stored failure again", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "dpo-junk",
      baseUrl: proxy.url,
      snippets: testSnippets(2),
      settings: {
        verification: { enabled: false },
        discussion: { groupSize: 2 },
        dpo: { samples: 3, pairsPerQuery: 1, queries: "candidates" },
      },
    });
    spoil = () => false;
    const made = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    expect(await waitForRun(db, made.id, 180_000)).toBe("SUCCEEDED");
    const candidates = await db.candidate.findMany({
      where: { projectId, source: "DS3" },
      orderBy: { id: "asc" },
      include: { currentRevision: true },
    });
    // Three candidates whose instructions tell their requests apart: none inside another's (an
    // evolution may quote its source's instruction whole).
    const distinct = candidates.filter((c, i) =>
      candidates.every(
        (d, j) =>
          i === j ||
          (!d.currentRevision!.instruction.includes(c.currentRevision!.instruction) &&
            !c.currentRevision!.instruction.includes(d.currentRevision!.instruction)),
      ),
    );
    expect(distinct.length).toBeGreaterThanOrEqual(3);
    const [one, all, writer] = distinct.map((c) => ({ id: c.id, instruction: c.currentRevision!.instruction }));
    const spoiled = { one: 0, all: 0, writer: 0 };
    spoil = (request) => {
      const of = (c: { instruction: string }) => request.text.includes(c.instruction);
      const which =
        request.role === "response_generator" && request.body.seed === 1 && of(one!)
          ? "one"
          : request.role === "response_generator" && of(all!)
            ? "all"
            : request.role === "test_writer" && of(writer!)
              ? "writer"
              : undefined;
      if (which) spoiled[which] += 1;
      return which !== undefined;
    };
    const run = await startRun({ db, projectId, stages: ["DPO"] });
    const status = await waitForRun(db, run.id, 240_000);
    const items = await db.runItem.findMany({ where: { runId: run.id } });
    expect(items).toHaveLength(candidates.length);
    expect(status).toBe(2 * 2 > items.length ? "FAILED" : "FINISHED_WITH_FAILURES");
    const failedItems = items
      .filter((i) => i.status === "FAILED")
      .map((i) => [
        i.itemKey === one!.id ? "one" : i.itemKey === all!.id ? "all" : i.itemKey === writer!.id ? "writer" : "other",
        i.reason,
      ]);
    expect((await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id } })).error, JSON.stringify(failedItems)).toBe(
      `dpo 2 of ${items.length} failed`,
    );
    const item = (id: string) => items.find((i) => i.itemKey === id)!;

    // One unusable sample: skipped and counted; the query goes on with the other two.
    expect(item(one!.id).status).toBe("DONE");
    const query = await db.dpoQuery.findUniqueOrThrow({ where: { candidateId: one!.id } });
    expect(query).toMatchObject({ samples: 3, unusable: 1 });
    expect(query.passed + query.failed).toBe(2);
    // The unusable sample was a step of its own (never bought again); once the query was stored its
    // steps were rolled up into settled rows, which tell a late worker the item is done.
    const steps = await db.workStep.findMany({ where: { key: `dpo:${one!.id}` }, select: { step: true } });
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((s) => !s.step.startsWith("settled"))).toEqual([]);
    // Every sample unusable, or no tests: the item fails with the reason.
    expect(item(all!.id)).toMatchObject({
      status: "FAILED",
      reason: expect.stringMatching(/^all 3 sampled answers were unusable \(BadOutput\); the first: BadOutput /),
    });
    expect(item(writer!.id)).toMatchObject({
      status: "FAILED",
      reason: expect.stringMatching(/^the test writer gave no tests: BadOutput /),
    });
    expect(await db.dpoQuery.count({ where: { candidateId: { in: [all!.id, writer!.id] } } })).toBe(0);
    // Each spoiled request was asked twice (the gateway's repair round), once per sample.
    expect(spoiled).toEqual({ one: 2, all: 6, writer: 2 });

    // A later run asks again only for what failed for good without being stored: the test writer.
    const again = await startRun({ db, projectId, stages: ["DPO"] });
    await waitForRun(db, again.id, 120_000);
    expect(
      (await db.runItem.findMany({ where: { runId: again.id }, orderBy: { itemKey: "asc" } })).map((i) => [i.itemKey, i.status]),
    ).toEqual(
      [
        [all!.id, "FAILED"],
        [writer!.id, "FAILED"],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    expect(spoiled).toEqual({ one: 2, all: 6, writer: 4 });
  });
});
