import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { discussionStream } from "@/lib/live/discussion-stream";
import { reconnectDelay } from "@/lib/db/listener";
import { LivePublisher } from "@/lib/live/publisher";
import { readSse } from "@/lib/testing/sse";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** Ends this database's LISTEN connections as an operator (or a database restart) would; other test files' databases are left alone. */
const terminateListeners = () =>
  db.$queryRaw<{ terminated: boolean }[]>`
    select pg_terminate_backend(pid) as terminated from pg_stat_activity
    where query ilike 'listen%' and datname = current_database() and pid <> pg_backend_pid()`;
const listening = async () =>
  (
    await db.$queryRaw<
      { n: number }[]
    >`select count(*)::int as n from pg_stat_activity where query ilike 'listen%' and datname = current_database() and state = 'idle'`
  )[0]!.n;

describe("the live hub's LISTEN connection", () => {
  it("waits longer after each failure, up to a cap, never in step", () => {
    const delays = (attempt: number) => Array.from({ length: 50 }, () => reconnectDelay(attempt));
    expect(Math.min(...delays(0))).toBeGreaterThanOrEqual(50);
    expect(Math.max(...delays(0))).toBeLessThanOrEqual(100);
    expect(Math.min(...delays(4))).toBeGreaterThanOrEqual(800);
    for (const delay of delays(30)) expect(delay).toBeLessThanOrEqual(5_000);
    expect(new Set(delays(5)).size).toBeGreaterThan(1);
  });

  it("survives its backend being terminated: listens again, keeps the stream open, and misses nothing stored meanwhile", async () => {
    const project = await db.project.create({ data: { slug: "hub-reconnect", name: "hub-reconnect", languages: [], settings: {} } });
    const discussion = await db.discussion.create({
      data: { projectId: project.id, mode: "CENTRALIZED", targetLanguage: "python", status: "RUNNING" },
    });
    const publisher = new LivePublisher(db);
    const addTurn = async (seq: number) => {
      await db.turn.create({ data: { discussionId: discussion.id, seq, kind: "PROPOSAL", language: "python", content: `turn ${seq}` } });
      publisher.event({ type: "turn", discussionId: discussion.id, seq, kind: "PROPOSAL" });
    };
    await addTurn(1);
    const abort = new AbortController();
    const stream = await discussionStream({
      db,
      databaseUrl: env.DATABASE_URL!,
      discussionId: discussion.id,
      lastEventId: null,
      signal: abort.signal,
    });
    const turns: number[] = [];
    const done = readSse(stream, (m) => {
      if (m.event === "turn") turns.push(m.data.seq as number);
      return m.event === "delta" && m.data.seq === 4;
    });
    await expect.poll(() => turns).toEqual([1]);

    expect(await terminateListeners()).toEqual([{ terminated: true }]);
    // Stored while nobody listens (or just as it listens again): read back from the table.
    await addTurn(2);
    await expect.poll(listening, { timeout: 30_000, interval: 50 }).toBe(1);
    await addTurn(3);
    publisher.delta(discussion.id, 4, "after the reconnect");
    await publisher.close();
    const messages = await done;
    abort.abort();
    expect(turns).toEqual([1, 2, 3]);
    expect(messages.at(-1)!.data).toEqual({ seq: 4, attempt: 1, offset: 0, text: "after the reconnect" });
  });
});
