import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { discussionStream, lastCompleteSeq, parseCursor } from "@/lib/live/discussion-stream";
import { applyDelta, applyTurn, type TurnText } from "@/lib/live/turn-text";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { discussionView } from "@/lib/synthesis/discussion-view";
import { startRun } from "@/lib/synthesis/runs";
import { readSse as read, type SseMessage as Message } from "@/lib/testing/sse";
import { createSynthesisProject, testSnippets, turnText, waitForRun } from "@/lib/testing/synthesis";

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let worker: RunningWorker;

beforeAll(async () => {
  // Slow enough that an answer streams in several pieces.
  // No evolution eliminated: the page's view is asserted with its candidate.
  server = await startModelServer({ port: 0, seed: 31, wrongRate: 0, eliminateRate: 0, ttftMs: 20, tokensPerSecond: 600 });
  worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 2, secretKey: undefined, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop("tests done");
  await server?.close();
  await db.$disconnect();
});

describe("a discussion as Server-Sent Events", () => {
  it("parses Last-Event-ID: a stored turn, or a piece of the next one", () => {
    expect(lastCompleteSeq(null)).toBe(0);
    expect(lastCompleteSeq("7")).toBe(7);
    expect(lastCompleteSeq("7:120")).toBe(6);
    expect(lastCompleteSeq("7:2:120")).toBe(6);
    expect(lastCompleteSeq("junk")).toBe(0);
    expect(parseCursor("8:2:120")).toEqual({ complete: 7, partial: { seq: 8, attempt: 2, end: 120 } });
    expect(parseCursor("8:-1:5")).toEqual({ complete: 0 });
  });

  it("streams text as it is written and, after a reconnect with the last event id, loses nothing and doubles nothing", async () => {
    const { projectId } = await createSynthesisProject({
      db,
      slug: "sse",
      baseUrl: server.url,
      snippets: testSnippets(1),
      settings: { discussion: { groupSize: 2, debate: true, debateRounds: 1 }, verification: { enabled: false } },
    });
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"], limit: 1 });
    await expect.poll(() => db.discussion.count({ where: { runId: run.id } }), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
    const discussion = await db.discussion.findFirstOrThrow({ where: { runId: run.id } });

    const state: TurnText = new Map();
    const apply = (message: Message) => {
      if (message.event === "turn") applyTurn(state, message.data.seq as number, message.data.content as string);
      if (message.event === "delta")
        applyDelta(
          state,
          message.data.seq as number,
          message.data.attempt as number,
          message.data.offset as number,
          message.data.text as string,
        );
    };
    // First connection: until a few pieces of text have arrived, then the client drops.
    const first = new AbortController();
    const before = await read(
      await discussionStream({ db, databaseUrl: env.DATABASE_URL!, discussionId: discussion.id, lastEventId: null, signal: first.signal }),
      (_, all) => all.filter((m) => m.event === "delta").length >= 3,
    );
    first.abort();
    before.forEach(apply);
    expect(before.some((m) => m.event === "delta")).toBe(true);
    const lastId = before.filter((m) => m.id).at(-1)!.id!;

    // Reconnect where it left off, and follow to the end.
    const second = new AbortController();
    const after = await read(
      await discussionStream({
        db,
        databaseUrl: env.DATABASE_URL!,
        discussionId: discussion.id,
        lastEventId: lastId,
        signal: second.signal,
      }),
      (m) => m.event === "status" && ["SUCCEEDED", "FAILED"].includes(m.data.status as string),
    );
    second.abort();
    after.forEach(apply);
    // The replay starts after what the client had: no stored turn is sent twice.
    const turnsBefore = before.filter((m) => m.event === "turn").map((m) => m.data.seq);
    const turnsAfter = after.filter((m) => m.event === "turn").map((m) => m.data.seq);
    expect(turnsAfter.filter((seq) => turnsBefore.includes(seq))).toEqual([]);
    expect(new Set(turnsAfter).size).toBe(turnsAfter.length);

    expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    const stored = await db.turn.findMany({ where: { discussionId: discussion.id }, orderBy: { seq: "asc" }, include: { prompt: true } });
    expect(stored.length).toBeGreaterThan(4);
    expect([...state.keys()].sort((a, b) => a - b)).toEqual(stored.map((t) => t.seq));
    // A PROMPT turn's text is its messages, stored once apart from the turn.
    for (const turn of stored) expect(state.get(turn.seq), `turn ${turn.seq}`).toMatchObject({ text: turnText(turn), final: true });
    expect(stored.filter((turn) => turn.kind === "PROMPT").every((turn) => turn.prompt && turn.content === "")).toBe(true);

    // What the page shows beside it: the participants' memories, their history, the candidate.
    const view = await discussionView(db, discussion.id);
    expect(view).toMatchObject({ id: discussion.id, status: "SUCCEEDED", debate: true, candidate: { id: expect.any(String) } });
    expect(view.participants).toHaveLength(2);
    // The proposal prompt's [Memory] block: the author's memory when it was asked (its seed, here).
    expect(view.promptMemory.map((item) => item.status)).toEqual(["IN_MEMORY"]);
    for (const agent of view.participants) {
      expect(agent.memory.length).toBeGreaterThan(0);
      expect(agent.events[0]).toMatchObject({ seq: 1, kind: "INSERTED" });
      for (const item of agent.memory) expect(item.merits.length + item.faults.length).toBeGreaterThan(0);
    }
  });

  it("sends a reasoning model's thoughts beside its answer, never in it, and nothing of a prompt's payload", async () => {
    const project = await db.project.create({ data: { slug: "sse-reasoning", name: "sse-reasoning", languages: [], settings: {} } });
    const discussion = await db.discussion.create({
      data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "SUCCEEDED" },
    });
    // A prompt's messages are stored once, apart from its turn: the stream renders the turn's text from them.
    const prompt = await db.prompt.create({ data: { hash: "sse-reasoning", messages: [{ role: "user", content: "write one" }] } });
    await db.turn.createMany({
      data: [
        {
          discussionId: discussion.id,
          seq: 1,
          kind: "PROMPT",
          language: "python",
          content: "",
          payload: { step: "propose" },
          promptId: prompt.id,
        },
        {
          discussionId: discussion.id,
          seq: 2,
          kind: "PROPOSAL",
          language: "python",
          content: '{"instruction":"i"}',
          payload: { step: "propose", output: { instruction: "i" }, reasoning: "First, think." },
        },
        { discussionId: discussion.id, seq: 3, kind: "SCORE", language: "python", content: "[]", payload: { step: "score", output: [] } },
      ],
    });
    const abort = new AbortController();
    const messages = await read(
      await discussionStream({ db, databaseUrl: env.DATABASE_URL!, discussionId: discussion.id, lastEventId: null, signal: abort.signal }),
      (m) => m.event === "turn" && m.data.seq === 3,
    );
    abort.abort();
    const turns = messages.filter((m) => m.event === "turn").map((m) => m.data);
    expect(turns).toEqual([
      { seq: 1, round: 0, kind: "PROMPT", agentId: null, language: "python", content: "[user]\nwrite one", createdAt: expect.any(String) },
      {
        seq: 2,
        round: 0,
        kind: "PROPOSAL",
        agentId: null,
        language: "python",
        content: '{"instruction":"i"}',
        reasoning: "First, think.",
        createdAt: expect.any(String),
      },
      { seq: 3, round: 0, kind: "SCORE", agentId: null, language: "python", content: "[]", createdAt: expect.any(String) },
    ]);
  });
});
