import { describe, expect, it } from "vitest";
import { InProcessLimiter } from "@/lib/llm/limiter";

describe("InProcessLimiter", () => {
  it("never lets more than maxConcurrency through at once, and serves waiters in order", async () => {
    const limiter = new InProcessLimiter();
    const endpoint = { id: "e", maxConcurrency: 3, requestsPerMinute: null, tokensPerMinute: null };
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const release = await limiter.acquire(endpoint, { estimatedTokens: 1 });
        order.push(i);
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        await release();
      }),
    );
    expect(peak).toBe(3);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("makes the next request wait for the next minute when the requests-per-minute budget is spent", async () => {
    const limiter = new InProcessLimiter();
    const endpoint = { id: "r", maxConcurrency: 10, requestsPerMinute: 2, tokensPerMinute: null };
    await (
      await limiter.acquire(endpoint, { estimatedTokens: 1 })
    )();
    await (
      await limiter.acquire(endpoint, { estimatedTokens: 1 })
    )();
    const controller = new AbortController();
    const third = limiter.acquire(endpoint, { estimatedTokens: 1, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("waited")), 50);
    await expect(third).rejects.toThrow("waited");
  });
});
