import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { listenLive } from "@/lib/live/listen";
import { LivePublisher, type LiveEvent } from "@/lib/live/publisher";
import { RunCancelled } from "@/lib/synthesis/items";
import type { SynthesisServices } from "@/lib/synthesis/services";
import { TurnLog } from "@/lib/synthesis/turn-log";

/**
 * The discussion log's one statement per turn (lib/synthesis/turn-log.ts): the prompt stored once,
 * the turn, its live notifications after the turn's last streamed piece, and the run's status that
 * the next turn boundary checks.
 */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function discussionOf(slug: string, runStatus?: "RUNNING") {
  const project = await db.project.create({ data: { slug, name: slug, languages: [], settings: {} } });
  const run =
    runStatus && (await db.synthesisRun.create({ data: { projectId: project.id, stages: ["DISCUSS"], status: runStatus, settings: {} } }));
  const discussion = await db.discussion.create({
    data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "RUNNING", runId: run ? run.id : null },
  });
  return { discussionId: discussion.id, projectId: project.id, runId: run ? run.id : null };
}

const meta = { kind: "VERIFICATION" as const, agentId: null, language: "python", round: 0 };

describe("the discussion log", () => {
  it("announces a stored turn after the last piece streamed for it, with nothing left in live_texts", async () => {
    const received: LiveEvent[] = [];
    const listener = await listenLive(env.DATABASE_URL!, (event) => received.push(event));
    const live = new LivePublisher(db);
    try {
      const { discussionId } = await discussionOf("log-live");
      const log = new TurnLog(db, { live } as SynthesisServices, discussionId, []);
      const onToken = live.stream(discussionId, 1);
      // More than one NOTIFY holds (2,000 characters each), all pending when the turn is stored: every
      // piece must reach viewers, of one attempt, before the turn.
      const pieces = Array.from({ length: 400 }, (_, i) => `token${i} `);
      await log.record("verify:0", meta, async () => {
        for (const piece of pieces) onToken(piece);
        return { value: { ok: true }, content: pieces.join("") };
      });
      await live.close();
      await expect.poll(() => received.at(-1)?.type, { timeout: 5_000 }).toBe("turn");
      const deltas = received.filter((e): e is Extract<LiveEvent, { type: "delta" }> => e.type === "delta");
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.map((d) => d.text).join("")).toBe(pieces.join(""));
      expect(new Set(deltas.map((d) => d.attempt))).toEqual(new Set([1]));
      expect(received.at(-1)).toEqual({ type: "turn", discussionId, seq: 1, kind: "VERIFICATION" });
      expect(await db.liveText.count({ where: { discussionId } })).toBe(0);
    } finally {
      await listener.close();
    }
  });

  it("stores a prompt once when two discussions send the same one at the same time", async () => {
    const live = new LivePublisher(db);
    const messages = [{ role: "user" as const, content: `the same prompt ${Date.now()}` }];
    const logs = await Promise.all(
      ["log-prompt-a", "log-prompt-b"].map(async (slug) => {
        const { discussionId } = await discussionOf(slug);
        return { discussionId, log: new TurnLog(db, { live } as SynthesisServices, discussionId, []) };
      }),
    );
    await Promise.all(
      logs.map(({ log }) =>
        log.append({ kind: "PROMPT", agentId: null, language: "python", round: 0, content: "", payload: { step: "x" }, messages }),
      ),
    );
    const turns = await db.turn.findMany({ where: { discussionId: { in: logs.map((l) => l.discussionId) } }, select: { promptId: true } });
    expect(turns).toHaveLength(2);
    expect(turns[0]!.promptId).not.toBeNull();
    expect(turns[1]!.promptId).toBe(turns[0]!.promptId);
    await live.close();
  });

  it("stops at the next turn boundary when the run was cancelled while a step worked, from the status its turn's statement read", async () => {
    const live = new LivePublisher(db);
    const { discussionId, runId } = await discussionOf("log-cancel", "RUNNING");
    const log = new TurnLog(db, { live } as SynthesisServices, discussionId, [], { id: runId!, status: "RUNNING" });
    await log.record("verify:0", meta, async () => {
      await db.synthesisRun.update({ where: { id: runId! }, data: { status: "CANCELLED" } });
      return { value: 1, content: "first" };
    });
    let worked = false;
    await expect(
      log.record("verify:1", meta, async () => {
        worked = true;
        return { value: 2, content: "second" };
      }),
    ).rejects.toBeInstanceOf(RunCancelled);
    expect(worked).toBe(false);
    expect(await db.turn.count({ where: { discussionId } })).toBe(1);
    // Replayed, the stored step is reused without a boundary; the next one still stops.
    const again = new TurnLog(
      db,
      { live } as SynthesisServices,
      discussionId,
      [{ seq: 1, kind: "VERIFICATION", payload: { step: "verify:0", output: 1 } }],
      {
        id: runId!,
      },
    );
    expect(await again.record("verify:0", meta, async () => ({ value: 0, content: "" }))).toBe(1);
    await expect(again.record("verify:1", meta, async () => ({ value: 2, content: "second" }))).rejects.toBeInstanceOf(RunCancelled);
    await live.close();
  });
});
