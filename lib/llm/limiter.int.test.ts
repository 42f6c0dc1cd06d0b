import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { PostgresLimiter } from "@/lib/llm/limiter";

const url = env.DATABASE_URL!;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
afterAll(() => admin.end());

/** Terminates the limiter's connections, as a database restart or an operator would. */
async function terminate(applicationNames: string[]): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    "select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and application_name = any($1::text[]) and pid <> pg_backend_pid()",
    [applicationNames],
  );
  return rows[0]!.n;
}

/** The slots' advisory locks held now, and by how many sessions. */
async function heldLocks(): Promise<{ locks: number; sessions: number }> {
  const { rows } = await admin.query<{ locks: number; sessions: number }>(
    "select count(*)::int as locks, count(distinct l.pid)::int as sessions from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory' and a.application_name = 'rosetta-llm-limiter'",
  );
  return rows[0]!;
}

/** Resolves to whether `promise` settled within `ms`. */
const settlesWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe("PostgresLimiter when the database drops its connections", () => {
  it("survives its LISTEN and held-slot connections being terminated, and keeps limiting", async () => {
    const lines: string[] = [];
    const limiter = new PostgresLimiter(url, { log: (line) => lines.push(line) });
    const endpoint = { id: crypto.randomUUID(), maxConcurrency: 2, requestsPerMinute: null, tokensPerMinute: null };
    try {
      const held = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      const idle = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      await idle(); // kept idle for a second
      // One session holds both slots: one connection a process, however many slots it has.
      expect(await heldLocks()).toEqual({ locks: 2, sessions: 1 });
      // Without error handlers, this was an uncaught 'error' event: the worker process died.
      expect(await terminate(["rosetta-llm-slots", "rosetta-llm-limiter"])).toBeGreaterThanOrEqual(2);
      await expect.poll(() => lines.join("\n"), { timeout: 10_000 }).toContain("rosetta-llm-slots: listening again");
      await held(); // its connection is gone: handed back, not reused

      // Both slots can be taken again, and a third request waits for one of them.
      const first = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      const second = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      let thirdIn = false;
      const third = limiter.acquire(endpoint, { estimatedTokens: 1 }).then((release) => {
        thirdIn = true;
        return release;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(thirdIn).toBe(false);
      await first();
      await (
        await third
      )();
      await second();
      expect(lines.some((line) => line.includes("the slots' connection was lost") && line.includes("its 2 slot(s)"))).toBe(true);
    } finally {
      await limiter.close();
    }
  });

  it("takes the slot on a new connection when the server dropped the slots' connection under the take", async () => {
    const endpoint = { id: crypto.randomUUID(), maxConcurrency: 2, requestsPerMinute: null, tokensPerMinute: null };
    const limiter = new PostgresLimiter(url);
    try {
      const first = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      // The next take is sent at once: it meets the dead connection before the drop's own event does.
      expect(await terminate(["rosetta-llm-limiter"])).toBeGreaterThanOrEqual(1);
      const second = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      await expect.poll(heldLocks).toEqual({ locks: 1, sessions: 1 }); // the new connection's; the first slot went with the old
      await second();
      await first();
    } finally {
      await limiter.close();
    }
  });

  it("never lets a process take a slot twice: with the other slot held elsewhere, a second request waits for it", async () => {
    const endpoint = { id: crypto.randomUUID(), maxConcurrency: 2, requestsPerMinute: null, tokensPerMinute: null };
    const [a, b] = [new PostgresLimiter(url), new PostgresLimiter(url)];
    try {
      const aFirst = await a.acquire(endpoint, { estimatedTokens: 1 });
      const bFirst = await b.acquire(endpoint, { estimatedTokens: 1 });
      expect(await heldLocks()).toEqual({ locks: 2, sessions: 2 });
      // Advisory locks stack within a session: offered its own slot again, `a` would be granted it.
      const aSecond = a.acquire(endpoint, { estimatedTokens: 1 });
      expect(await settlesWithin(aSecond, 600)).toBe(false);
      await bFirst(); // `a` announced that it waits: `b` hands its slot back at once
      expect(await settlesWithin(aSecond, 5_000)).toBe(true);
      expect(await heldLocks()).toEqual({ locks: 2, sessions: 1 });
      await (
        await aSecond
      )();
      await aFirst();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    await expect.poll(heldLocks).toEqual({ locks: 0, sessions: 0 }); // a closed limiter holds nothing
  });
});
