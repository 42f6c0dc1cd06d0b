import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listenLive } from "@/lib/live/listen";
import { LivePublisher, type LiveEvent } from "@/lib/live/publisher";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("live events over LISTEN/NOTIFY", () => {
  it("delivers streamed deltas batched but whole and in order, then the stored turn", async () => {
    const received: LiveEvent[] = [];
    const listener = await listenLive(env.DATABASE_URL!, (event) => received.push(event));
    const publisher = new LivePublisher(db);
    try {
      const project = await db.project.create({ data: { slug: "live-batched", name: "live-batched", languages: [], settings: {} } });
      const { id: discussionId } = await db.discussion.create({
        data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "RUNNING" },
      });
      const pieces = Array.from({ length: 500 }, (_, i) => `token${i} `);
      for (const piece of pieces) publisher.delta(discussionId, 2, piece);
      publisher.event({ type: "turn", discussionId, seq: 2, kind: "PROPOSAL" });
      await publisher.close();
      await expect.poll(() => received.at(-1)?.type, { timeout: 5_000 }).toBe("turn");
      const deltas = received.filter((e): e is Extract<LiveEvent, { type: "delta" }> => e.type === "delta");
      expect(deltas.map((d) => d.text).join("")).toBe(pieces.join(""));
      // Each piece says where it goes, so a client can drop what it already has.
      expect(new Set(deltas.map((d) => d.attempt))).toEqual(new Set([1]));
      expect(deltas.map((d) => d.offset)).toEqual(deltas.map((_, i) => deltas.slice(0, i).reduce((n, d) => n + d.text.length, 0)));
      expect(deltas.length).toBeLessThan(pieces.length / 10); // batched, not one notification per token
      expect(received.at(-1)).toEqual({ type: "turn", discussionId, seq: 2, kind: "PROPOSAL" });
      // The streamed text is kept only while the turn is being written.
      expect(await db.liveText.count({ where: { discussionId } })).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it("delivers several turns streaming at once, flushed together, each whole and in order (a long piece too)", async () => {
    const received: LiveEvent[] = [];
    const listener = await listenLive(env.DATABASE_URL!, (event) => received.push(event));
    const publisher = new LivePublisher(db);
    try {
      const project = await db.project.create({ data: { slug: "live-turns", name: "live-turns", languages: [], settings: {} } });
      const discussions = await Promise.all(
        [0, 1, 2].map(() =>
          db.discussion.create({ data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "RUNNING" } }),
        ),
      );
      const turns = discussions.flatMap(({ id }) => [2, 4].map((seq) => ({ discussionId: id, seq, stream: publisher.stream(id, seq) })));
      const sent = new Map<string, string>();
      for (let i = 0; i < 300; i++) {
        const turn = turns[i % turns.length]!;
        // Now and then a piece longer than one notification holds.
        const piece = i % 97 === 0 ? "x".repeat(4_500) : `t${i} `;
        turn.stream(piece);
        sent.set(`${turn.discussionId}:${turn.seq}`, (sent.get(`${turn.discussionId}:${turn.seq}`) ?? "") + piece);
        if (i % 40 === 0) await new Promise((resolve) => setTimeout(resolve, 60)); // let a few flushes happen mid-stream
      }
      await publisher.close();
      await expect
        .poll(() => received.reduce((n, e) => n + (e.type === "delta" ? e.text.length : 0), 0), { timeout: 5_000 })
        .toBe([...sent.values()].join("").length);
      for (const { discussionId, seq } of turns) {
        const deltas = received.filter(
          (e): e is Extract<LiveEvent, { type: "delta" }> => e.type === "delta" && e.discussionId === discussionId && e.seq === seq,
        );
        expect(deltas.map((d) => d.text).join("")).toBe(sent.get(`${discussionId}:${seq}`));
        expect(deltas.map((d) => d.offset)).toEqual(deltas.map((_, i) => deltas.slice(0, i).reduce((n, d) => n + d.text.length, 0)));
        expect(new Set(deltas.map((d) => d.attempt))).toEqual(new Set([1]));
        const row = await db.liveText.findUniqueOrThrow({ where: { discussionId_seq: { discussionId, seq } } });
        expect(row.text).toBe(sent.get(`${discussionId}:${seq}`));
      }
    } finally {
      await listener.close();
    }
  });

  it("keeps a streaming turn's text for late readers: a new attempt, or a new call after a failed one, replaces it", async () => {
    const received: LiveEvent[] = [];
    const listener = await listenLive(env.DATABASE_URL!, (event) => received.push(event));
    const publisher = new LivePublisher(db);
    try {
      const project = await db.project.create({ data: { slug: "live-attempts", name: "live-attempts", languages: [], settings: {} } });
      const { id: discussionId } = await db.discussion.create({
        data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "RUNNING" },
      });
      const stored = async () => (await db.liveText.findUniqueOrThrow({ where: { discussionId_seq: { discussionId, seq: 2 } } })).text;
      const first = publisher.stream(discussionId, 2);
      first("a cut ", 1);
      await publisher.close();
      expect(await stored()).toBe("a cut ");
      first("answ", 2);
      first("er", 2);
      await publisher.close();
      expect(await stored()).toBe("answer");
      // The job failed mid-call (no turn stored) and runs again in this process: its call starts afresh.
      const again = publisher.stream(discussionId, 2);
      again("fresh", 1);
      await publisher.close();
      expect(await stored()).toBe("fresh");
      await expect.poll(() => received.length, { timeout: 5_000 }).toBe(3);
      expect(received.map((e) => e.type === "delta" && [e.attempt, e.offset, e.text])).toEqual([
        [1, 0, "a cut "],
        [2, 0, "answer"],
        [3, 0, "fresh"],
      ]);
      publisher.event({ type: "status", discussionId, status: "FAILED" });
      await publisher.close();
      expect(await db.liveText.count({ where: { discussionId } })).toBe(0);
    } finally {
      await listener.close();
    }
  });
});
