import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { childEnv, env } from "@/lib/env";
import { CONTRACTS } from "@/lib/llm/parse";
import { LlmError } from "@/lib/llm/errors";
import { Gateway, type CallOptions, type CallResult } from "@/lib/llm/gateway";
import { InProcessLimiter, PostgresLimiter } from "@/lib/llm/limiter";
import { spawnModelServer, type SpawnedModelServer } from "@/model-server/process";
import { startModelServer } from "@/model-server/server";
import {
  bindProjectRole,
  createEndpointProfile,
  listEndpointProfiles,
  resolveEndpoint,
  resolveRoleEndpoint,
  type ResolvedEndpoint,
} from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";
import { testEndpointConnection } from "@/lib/llm/test-connection";
import { summarizeLlmUsage } from "@/lib/llm/usage";

const db = createDb(env.DATABASE_URL!);
const secretKey = newSecretKey();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function profile(name: string, baseUrl: string, extra: { maxConcurrency?: number } = {}): Promise<ResolvedEndpoint> {
  const view = await createEndpointProfile({
    db,
    secretKey,
    input: { name, baseUrl, model: "rosetta-scripted", apiKey: `sk-${name}-secret`, ...extra },
  });
  return resolveEndpoint({ db, secretKey, id: view.id });
}

const ask = (overrides: Partial<CallOptions> = {}): CallOptions => ({
  role: "agent",
  task: "propose",
  stage: "test",
  language: "python",
  messages: [{ role: "user", content: `Write a sample. ${Math.random()}` }],
  ...overrides,
});

let faulty: SpawnedModelServer;
beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  faulty = await spawnModelServer(
    ["--fault-rate", "0.3", "--ttft-ms", "5", "--tokens-per-second", "4000", "--retry-after", "0.05", "--seed", "7"],
    childEnv({}),
  );
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await faulty.stop();
  await db.$disconnect();
});

describe("the gateway against the scripted model server with 30 % injected faults", () => {
  it("ends every call in success or a typed error within its bound, records one usage row per call, and leaks no rejection", async () => {
    const endpoint = await profile("faulty", faulty.url, { maxConcurrency: 8 });
    const limiter = new PostgresLimiter(env.DATABASE_URL!);
    const totalMs = 6_000;
    const gateway = new Gateway({
      db,
      limiter,
      timeouts: { firstTokenMs: 400, idleMs: 300, totalMs },
      retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 200 },
    });
    const calls = 80;
    const outcomes = await Promise.all(
      Array.from({ length: calls }, async (_, i) => {
        const started = Date.now();
        try {
          const result = await gateway.call(
            endpoint,
            ask({ stream: i % 4 !== 0, role: i % 3 === 0 ? "scorer" : "agent", projectId: undefined }),
          );
          return { ok: true as const, result, ms: Date.now() - started };
        } catch (error) {
          return { ok: false as const, error, ms: Date.now() - started };
        }
      }),
    );
    await gateway.close();
    await limiter.close();

    for (const outcome of outcomes) {
      expect(outcome.ms).toBeLessThan(totalMs + 1_000);
      if (!outcome.ok) {
        expect(outcome.error).toBeInstanceOf(LlmError);
        expect(["RateLimited", "EndpointDown", "Timeout"]).toContain((outcome.error as LlmError).kind);
        expect((outcome.error as LlmError).attempts).toBeGreaterThanOrEqual(1);
      }
    }
    const succeeded = outcomes.filter((o) => o.ok).map((o) => (o as { result: CallResult }).result);
    expect(succeeded.length).toBeGreaterThan(calls * 0.8); // retries recover most faults
    expect(succeeded.some((r) => r.attempts > 1)).toBe(true);

    const rows = await db.llmCall.findMany({ where: { endpointProfileId: endpoint.id } });
    expect(rows).toHaveLength(calls);
    expect(rows.filter((row) => row.errorCode === null)).toHaveLength(succeeded.length);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(rows.map((row) => row.promptTokens))).toBe(sum(succeeded.map((r) => r.promptTokens)));
    expect(sum(rows.map((row) => row.completionTokens))).toBe(sum(succeeded.map((r) => r.completionTokens)));
    expect(succeeded.every((r) => r.promptTokens > 0 && r.completionTokens > 0)).toBe(true);
    expect(unhandled).toEqual([]);
  });

  it("streams token by token to a callback, each piece with its attempt, and the last attempt's pieces make the answer", async () => {
    const endpoint = await profile("streaming", faulty.url);
    const gateway = new Gateway({
      db,
      limiter: new InProcessLimiter(),
      timeouts: { firstTokenMs: 400, idleMs: 300, totalMs: 6_000 },
      retry: { baseDelayMs: 20, maxAttempts: 6 },
    });
    const pieces: { delta: string; attempt: number }[] = [];
    const result = await gateway.call(endpoint, ask({ onToken: (delta, attempt) => pieces.push({ delta, attempt }) }));
    await gateway.close();
    expect(pieces.length).toBeGreaterThan(5);
    const numbers = pieces.map((piece) => piece.attempt);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b)); // a retry never goes back to an earlier attempt
    const last = numbers.at(-1)!;
    expect(last).toBeLessThanOrEqual(result.attempts);
    expect(
      pieces
        .filter((piece) => piece.attempt === last)
        .map((piece) => piece.delta)
        .join(""),
    ).toBe(result.text);
    expect(result.timeToFirstTokenMs).not.toBeNull();
  });
});

describe("typed errors", () => {
  it("ContextTooLong at once, without retrying", async () => {
    const endpoint = await profile("context", faulty.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const error = await gateway
      .call(endpoint, ask({ messages: [{ role: "user", content: "x".repeat(500_000) }] }))
      .catch((e: unknown) => e);
    await gateway.close();
    expect(error).toMatchObject({ kind: "ContextTooLong", attempts: 1, endpoint: "context" });
  });

  it("EndpointDown after the bounded retries when nothing listens", async () => {
    const endpoint = await profile("nothing", "http://127.0.0.1:1/v1");
    const gateway = new Gateway({ db, limiter: new InProcessLimiter(), retry: { maxAttempts: 3, baseDelayMs: 10 } });
    const error = await gateway.call(endpoint, ask()).catch((e: unknown) => e);
    await gateway.close();
    expect(error).toMatchObject({ kind: "EndpointDown", attempts: 3 });
    expect((error as Error).message).toContain("nothing");
    expect((error as Error).message).not.toContain("sk-nothing-secret");
  });

  it("Timeout when the server hangs, within the total bound", async () => {
    const server = await startModelServer({ port: 0, faults: { hang: 1 } });
    const endpoint = await profile("hangs", server.url);
    const gateway = new Gateway({
      db,
      limiter: new InProcessLimiter(),
      timeouts: { firstTokenMs: 150, totalMs: 2_000 },
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
    const started = Date.now();
    const error = await gateway.call(endpoint, ask()).catch((e: unknown) => e);
    await gateway.close();
    await server.close();
    expect(error).toMatchObject({ kind: "Timeout", attempts: 3 });
    expect(Date.now() - started).toBeLessThan(2_500);
  });

  it("RateLimited after honouring Retry-After between attempts", async () => {
    const server = await startModelServer({ port: 0, retryAfterSeconds: 0.2, faults: { rateLimited: 1 } });
    const endpoint = await profile("limited", server.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter(), retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const started = Date.now();
    const error = await gateway.call(endpoint, ask()).catch((e: unknown) => e);
    await gateway.close();
    await server.close();
    expect(error).toMatchObject({ kind: "RateLimited", attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400); // two waits of Retry-After
  });

  it("an abort from the caller stops the call with the caller's reason", async () => {
    const server = await startModelServer({ port: 0, faults: { hang: 1 } });
    const endpoint = await profile("aborted", server.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user cancelled")), 100);
    await expect(gateway.call(endpoint, ask({ signal: controller.signal }))).rejects.toThrow("user cancelled");
    await gateway.close();
    await server.close();
  });
});

describe("structured output", () => {
  it("repairs broken JSON with one more round, or fails with BadOutput keeping the raw text", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 5000, faults: { malformed: 0.5 } });
    const endpoint = await profile("structured", server.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gateway
          .callStructured(endpoint, CONTRACTS.agentSample, ask({ language: "rust", messages: [{ role: "user", content: `sample ${i}` }] }))
          .then(
            (ok) => ({ ok }),
            (error: unknown) => ({ error }),
          ),
      ),
    );
    await gateway.close();
    await server.close();
    const values = outcomes.flatMap((o) => ("ok" in o ? [o.ok.value] : []));
    expect(values.length).toBeGreaterThan(15);
    expect(values.every((v) => v.language === "rust" && v.solution.includes("fn "))).toBe(true);
    for (const o of outcomes) if ("error" in o) expect(o.error).toMatchObject({ kind: "BadOutput", raw: expect.any(String) });
    expect(server.stats().malformed).toBeGreaterThan(0);
  });
});

describe("limits", () => {
  it("holds an endpoint's concurrency across two gateways (two processes) sharing the database", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 30, tokensPerSecond: 2000 });
    const endpoint = await profile("shared", server.url, { maxConcurrency: 2 });
    const limiters = [new PostgresLimiter(env.DATABASE_URL!), new PostgresLimiter(env.DATABASE_URL!)];
    const gateways = limiters.map((limiter) => new Gateway({ db, limiter }));
    await Promise.all(gateways.flatMap((gateway) => Array.from({ length: 8 }, () => gateway.call(endpoint, ask()))));
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await Promise.all(limiters.map((limiter) => limiter.close()));
    await server.close();
    expect(server.stats().none).toBe(16);
    expect(server.stats().maxInFlight).toBe(2);
  });
});

describe("endpoint profiles", () => {
  it("keeps the API key encrypted at rest and out of every view", async () => {
    await profile("secretive", faulty.url);
    const [row] = await db.$queryRaw<
      { api_key_ciphertext: string }[]
    >`select api_key_ciphertext from endpoint_profiles where name = 'secretive'`;
    expect(row!.api_key_ciphertext).not.toContain("sk-secretive-secret");
    const views = await listEndpointProfiles({ db });
    expect(JSON.stringify(views)).not.toContain("sk-secretive-secret");
    expect(views.find((v) => v.name === "secretive")?.hasApiKey).toBe(true);
    await expect(resolveEndpoint({ db, secretKey: newSecretKey(), id: views.find((v) => v.name === "secretive")!.id })).rejects.toThrow(
      /cannot be decrypted/,
    );
  });

  it("refuses a bad profile with the field named, and a duplicate name", async () => {
    await expect(createEndpointProfile({ db, secretKey, input: { name: "bad", baseUrl: "ftp://x", model: "m" } })).rejects.toThrow(
      /baseUrl/,
    );
    await expect(createEndpointProfile({ db, secretKey, input: { name: "faulty", baseUrl: "http://x/v1", model: "m" } })).rejects.toThrow(
      /already exists/,
    );
  });
});

describe("AuthFailed, connection tests, role bindings and usage sums", () => {
  it("fails with AuthFailed at once on a wrong key", async () => {
    const server = await startModelServer({ port: 0, apiKey: "sk-right" });
    const endpoint = await profile("wrong-key", server.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const error = await gateway.call(endpoint, ask()).catch((e: unknown) => e);
    await gateway.close();
    await server.close();
    expect(error).toMatchObject({ kind: "AuthFailed", attempts: 1 });
  });

  it("tests a connection: the listed models and the latency, or the exact error", async () => {
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const server = await startModelServer({ port: 0, ttftMs: 5 });
    const good = await testEndpointConnection({ gateway, endpoint: await profile("probe-ok", server.url) });
    expect(good).toMatchObject({
      ok: true,
      models: ["rosetta-scripted"],
      modelListed: true,
      latencyMs: expect.any(Number),
      structuredOutput: expect.stringMatching(/^(json_schema|json_object|none)$/),
    });
    const down = await testEndpointConnection({ gateway, endpoint: await profile("probe-down", "http://127.0.0.1:1/v1") });
    expect(down).toMatchObject({ ok: false, step: "list-models", kind: "EndpointDown", error: expect.stringContaining("probe-down") });
    await gateway.close();
    await server.close();
  });

  it("binds a project's roles to profiles and sums usage per stage, language and day", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 10_000 });
    const view = await createEndpointProfile({
      db,
      secretKey,
      input: { name: "priced", baseUrl: server.url, model: "rosetta-scripted", inputPricePerMillion: 1, outputPricePerMillion: 2 },
    });
    const project = await db.project.create({ data: { slug: "usage", name: "Usage", languages: ["go"], settings: {} } });
    await expect(resolveRoleEndpoint({ db, secretKey, projectId: project.id, role: "scorer" })).rejects.toThrow(
      /no endpoint profile for the scorer role/,
    );
    await bindProjectRole({ db, projectId: project.id, role: "scorer", endpointProfileId: view.id });
    const endpoint = await resolveRoleEndpoint({ db, secretKey, projectId: project.id, role: "scorer" });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        gateway.call(
          endpoint,
          ask({
            role: "scorer",
            stage: "scoring",
            language: "go",
            projectId: project.id,
            messages: [{ role: "user", content: `score ${i}` }],
          }),
        ),
      ),
    );
    await gateway.close();
    await server.close();
    const [row] = await summarizeLlmUsage({ db, projectId: project.id });
    expect(row).toMatchObject({ stage: "scoring", language: "go", role: "SCORER", calls: 3, failed: 0 });
    const prompt = results.reduce((sum, r) => sum + r.promptTokens, 0);
    const completion = results.reduce((sum, r) => sum + r.completionTokens, 0);
    expect(row!.promptTokens).toBe(prompt);
    expect(row!.completionTokens).toBe(completion);
    expect(row!.costUsd).toBeCloseTo((prompt * 1 + completion * 2) / 1_000_000, 8);
  });
});
