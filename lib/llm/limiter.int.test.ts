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

describe("PostgresLimiter when the database drops its connections", () => {
  it("survives its LISTEN and held-slot connections being terminated, and keeps limiting", async () => {
    const lines: string[] = [];
    const limiter = new PostgresLimiter(url, { log: (line) => lines.push(line) });
    const endpoint = { id: crypto.randomUUID(), maxConcurrency: 2, requestsPerMinute: null, tokensPerMinute: null };
    try {
      const held = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      const idle = await limiter.acquire(endpoint, { estimatedTokens: 1 });
      await idle(); // kept idle for a second, on its own connection
      // Without error handlers, this was an uncaught 'error' event: the worker process died.
      expect(await terminate(["rosetta-llm-slots", "rosetta-llm-limiter"])).toBeGreaterThanOrEqual(3);
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
      expect(lines.some((line) => line.includes("connection lost"))).toBe(true);
    } finally {
      await limiter.close();
    }
  });
});
