import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startWorker } from "@/lib/jobs/worker";
import { discussionStream, parseCursor } from "@/lib/live/discussion-stream";
import { listenLive } from "@/lib/live/listen";
import type { LiveEvent } from "@/lib/live/publisher";
import { applyDelta, applyTurn, type TurnText } from "@/lib/live/turn-text";
import { evenFaults, startModelServer } from "@/model-server/server";
import { startRun } from "@/lib/synthesis/runs";
import { readSse, type SseMessage } from "@/lib/testing/sse";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";

/** The text a viewer sees while a turn streams equals the text stored when it is final: under retries, across reconnects, for late viewers. */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** Turns written by a model call (an ELIMINATED turn is the engine's note on a judgement, never streamed). */
const isAnswer = (kind: string) => kind !== "PROMPT" && kind !== "ERROR" && kind !== "ELIMINATED" && kind !== "VERIFICATION";

describe("live text", () => {
  it("equals the stored text when model calls are retried and repaired (35 % faults)", async () => {
    const server = await startModelServer({
      port: 0,
      seed: 5,
      wrongRate: 0,
      ttftMs: 5,
      tokensPerSecond: 3_000,
      retryAfterSeconds: 0,
      faults: evenFaults(0.35),
    });
    const worker = await startWorker({
      databaseUrl: env.DATABASE_URL!,
      concurrency: 4,
      secretKey: undefined,
      gateway: {
        timeouts: { firstTokenMs: 1_000, idleMs: 500, totalMs: 15_000 },
        retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 },
      },
      log: () => undefined,
    });
    // What a viewer of every discussion assembles from the pieces alone (the stored turns not applied).
    const viewers = new Map<string, TurnText>();
    const attempts = new Map<string, number>();
    const listener = await listenLive(env.DATABASE_URL!, (event: LiveEvent) => {
      if (event.type !== "delta") return;
      if (!viewers.has(event.discussionId)) viewers.set(event.discussionId, new Map());
      applyDelta(viewers.get(event.discussionId)!, event.seq, event.attempt, event.offset, event.text);
      const key = `${event.discussionId}:${event.seq}`;
      attempts.set(key, Math.max(attempts.get(key) ?? 0, event.attempt));
    });
    try {
      const { projectId } = await createSynthesisProject({
        db,
        slug: "live-retries",
        baseUrl: server.url,
        snippets: testSnippets(2),
        settings: { discussion: { debate: true, rounds: 1 }, verification: { enabled: false } },
      });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
      await waitForRun(db, run.id, 180_000);
      const turns = await db.turn.findMany({
        where: { discussion: { runId: run.id } },
        orderBy: [{ discussionId: "asc" }, { seq: "asc" }],
      });
      // The last turn's notification may still be on its way.
      await expect
        .poll(() => turns.filter((t) => isAnswer(t.kind)).every((t) => viewers.get(t.discussionId)?.has(t.seq)), { timeout: 5_000 })
        .toBe(true);
      const streamed = turns.filter((t) => isAnswer(t.kind));
      const differ = streamed.filter((t) => viewers.get(t.discussionId)!.get(t.seq)!.text !== t.content);
      const retried = streamed.filter((t) => attempts.get(`${t.discussionId}:${t.seq}`)! > 1);
      console.log(
        `live text under faults: ${differ.length} of ${streamed.length} streamed turns differ from the stored text; ${retried.length} were streamed again`,
      );
      expect(retried.length).toBeGreaterThan(0); // the faults did make the gateway send calls again
      expect(differ.map((t) => `${t.discussionId}:${t.seq}`)).toEqual([]);
      // Nothing of a finished run is left in the live table.
      expect(await db.liveText.count({ where: { discussion: { runId: run.id } } })).toBe(0);
    } finally {
      await listener.close();
      await worker.stop("tests done");
      await server.close();
    }
  }, 200_000);

  it("resumes a turn exactly after a reconnect with Last-Event-ID, and gives a late viewer what the turn has so far", async () => {
    // Slow enough that an answer streams for a while.
    const server = await startModelServer({ port: 0, seed: 31, wrongRate: 0, ttftMs: 20, tokensPerSecond: 200 });
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 2, secretKey: undefined, log: () => undefined });
    try {
      const { projectId } = await createSynthesisProject({
        db,
        slug: "live-resume",
        baseUrl: server.url,
        snippets: testSnippets(1).slice(0, 1),
        settings: { discussion: { groupSize: 2, debate: false }, verification: { enabled: false } },
      });
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"], limit: 1 });
      await expect.poll(() => db.discussion.count({ where: { runId: run.id } }), { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
      const { id: discussionId } = await db.discussion.findFirstOrThrow({ where: { runId: run.id } });
      const open = (lastEventId: string | null, signal: AbortSignal) =>
        discussionStream({ db, databaseUrl: env.DATABASE_URL!, discussionId, lastEventId, signal });
      const apply = (state: TurnText, m: SseMessage) => {
        if (m.event === "turn") applyTurn(state, m.data.seq as number, m.data.content as string);
        if (m.event === "delta")
          applyDelta(state, m.data.seq as number, m.data.attempt as number, m.data.offset as number, m.data.text as string);
      };

      // A viewer follows until two pieces of an answer have arrived, then drops.
      const state: TurnText = new Map();
      const first = new AbortController();
      const before = await readSse(await open(null, first.signal), (m, all) => {
        apply(state, m);
        return all.filter((x) => x.event === "delta").length >= 2;
      });
      first.abort();
      const lastId = before.filter((m) => m.id).at(-1)!.id!;
      const { partial } = parseCursor(lastId);
      expect(partial).toBeDefined();
      const seq = partial!.seq;
      // While it is away, the turn goes on streaming.
      await expect
        .poll(async () => (await db.liveText.findUnique({ where: { discussionId_seq: { discussionId, seq } } }))?.text.length ?? 0, {
          timeout: 30_000,
          interval: 10,
        })
        .toBeGreaterThan(partial!.end);

      // A late viewer opens the page now, and the first viewer comes back with its last id.
      const lateState: TurnText = new Map();
      let lateTextBeforeStored: string | undefined;
      const late = new AbortController();
      const lateRead = readSse(await open(null, late.signal), (m) => {
        if (m.event === "turn" && m.data.seq === seq) lateTextBeforeStored = lateState.get(seq)?.text;
        apply(lateState, m);
        return m.event === "turn" && m.data.seq === seq;
      });
      let textBeforeStored: string | undefined;
      const second = new AbortController();
      const after = await readSse(await open(lastId, second.signal), (m) => {
        if (m.event === "turn" && m.data.seq === seq) textBeforeStored = state.get(seq)?.text;
        apply(state, m);
        return m.event === "turn" && m.data.seq === seq;
      });
      second.abort();
      const lateMessages = await lateRead;
      late.abort();

      const stored = await db.turn.findUniqueOrThrow({ where: { discussionId_seq: { discussionId, seq } } });
      expect(isAnswer(stored.kind)).toBe(true);
      // The reconnect's first piece starts where the client's text ended, and the pieces alone make the stored text.
      expect(after.find((m) => m.event === "delta")?.data).toMatchObject({ seq, attempt: partial!.attempt, offset: partial!.end });
      expect(textBeforeStored).toBe(stored.content);
      // The late viewer got the text so far at once (from its start), then the rest: the stored text too.
      const lateFirst = lateMessages.find((m) => m.event === "delta" && m.data.seq === seq)!;
      expect(lateFirst.data).toMatchObject({ offset: 0 });
      expect((lateFirst.data.text as string).length).toBeGreaterThan(partial!.end);
      expect(lateTextBeforeStored).toBe(stored.content);
      expect(await waitForRun(db, run.id)).toBe("SUCCEEDED");
    } finally {
      await worker.stop("tests done");
      await server.close();
    }
  }, 120_000);
});
