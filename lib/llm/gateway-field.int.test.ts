import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { Gateway, type CallOptions } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { startModelServer } from "@/model-server/server";
import { CONTRACTS } from "@/lib/llm/parse";
import { createEndpointProfile, resolveEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";

/** The gateway against servers that behave as real ones do at the edges of the protocol (issue 13). */

const db = createDb(env.DATABASE_URL!);
const secretKey = newSecretKey();
afterAll(() => db.$disconnect());

async function profile(
  name: string,
  baseUrl: string,
  fields: { maxTokens?: number; maxOutputTokens?: number; structuredOutput?: "NONE" | "AUTO" } = {},
): Promise<ResolvedEndpoint> {
  const view = await createEndpointProfile({ db, secretKey, input: { name, baseUrl, model: "rosetta-scripted" } });
  await db.endpointProfile.update({ where: { id: view.id }, data: { structuredOutput: "NONE", ...fields } });
  return resolveEndpoint({ db, secretKey, id: view.id });
}

const ask = (overrides: Partial<CallOptions> = {}): CallOptions => ({
  role: "scorer",
  stage: "test",
  language: "python",
  messages: [{ role: "user", content: `[Question]: q\n[Answer]: a ${Math.random()}` }],
  ...overrides,
});

describe("truncated answers", () => {
  it("asks once more with a larger limit after finish_reason length, and books the cut answer as Truncated with its text", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000 });
    const endpoint = await profile("short", server.url, { maxTokens: 70 });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const { value, result } = await gateway.callStructured(endpoint, CONTRACTS.scores, ask());
    await gateway.close();
    await server.close();
    expect(value).toHaveLength(9);
    const rows = await db.llmCall.findMany({ where: { endpointProfileId: endpoint.id }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.errorCode, row.finishReason])).toEqual([
      ["Truncated", "length"],
      [null, "stop"],
    ]);
    expect(rows[0]!.rawOutput!.length).toBeGreaterThan(50);
    expect(rows[0]!.completionTokens).toBe(70); // paid for, so counted
    expect(rows[1]!.id).toBe(result.llmCallId);
  });

  it("fails with Truncated, the raw text kept, when the endpoint allows no larger answer", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000 });
    const endpoint = await profile("capped", server.url, { maxTokens: 30, maxOutputTokens: 30 });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const error = await gateway.callStructured(endpoint, CONTRACTS.scores, ask()).catch((e: unknown) => e);
    await gateway.close();
    await server.close();
    expect(error).toMatchObject({ kind: "Truncated", raw: expect.any(String), message: expect.stringContaining("limit of 30 tokens") });
    const rows = await db.llmCall.findMany({ where: { endpointProfileId: endpoint.id } });
    expect(rows.map((row) => row.errorCode)).toEqual(["Truncated"]);
  });
});

describe("a stream that breaks the protocol", () => {
  it("says the event was not JSON, not that the connection was lost, and books it as the endpoint's fault", async () => {
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "text/event-stream" });
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "{" }, finish_reason: null }] })}\n\n`);
        response.end("data: <html>502 Bad Gateway</html>\n\n");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = await profile("garbled", `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter(), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await gateway.callStructured(endpoint, CONTRACTS.scores, ask()).catch((e: unknown) => e);
    await gateway.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(error).toMatchObject({
      kind: "EndpointDown",
      message: expect.stringContaining('the stream sent an event that is not JSON: "<html>502'),
    });
    expect((error as Error).message).not.toContain("connection lost");
    const rows = await db.llmCall.findMany({ where: { endpointProfileId: endpoint.id } });
    expect(rows.map((row) => row.errorCode)).toEqual(["EndpointDown"]);
  });
});

/** A server with the habits of OpenAI's reasoning models and of a small-context vLLM: it refuses what it does not take, with the usual messages. */
async function pickyServer({ contextLength }: { contextLength: number }) {
  const seen: Record<string, unknown>[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = "";
    request.on("data", (part: Buffer) => (raw += part.toString()));
    request.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      seen.push(body);
      const refuse = (message: string) => {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { message, type: "invalid_request_error" } }));
      };
      if ("max_tokens" in body)
        return refuse("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.");
      if ("stream_options" in body) return refuse("1 validation error: extra fields not permitted: stream_options");
      const limit = Number(body.max_completion_tokens);
      const prompt = Math.ceil(JSON.stringify(body.messages).length / 4);
      if (limit + prompt > contextLength)
        return refuse(
          `This model's maximum context length is ${contextLength} tokens. However, you requested ${limit + prompt} tokens (${prompt} in the messages, ${limit} in the completion).`,
        );
      // No usage and no finish_reason: the answer ends with [DONE] alone.
      response.writeHead(200, { "content-type": "text/event-stream" });
      const content = JSON.stringify({ tests: "assert add(1, 2) == 3" });
      for (const piece of [content.slice(0, 10), content.slice(10)])
        response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      response.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("servers that refuse parts of the request", () => {
  it("learns from each refusal (max_completion_tokens, no stream_options, a limit that fits the context), then sends right the first time", async () => {
    const server = await pickyServer({ contextLength: 2048 });
    const endpoint = await profile("picky", server.url);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const first = await gateway.callStructured(endpoint, CONTRACTS.tests, ask({ role: "test_writer" }));
    expect(first.value.tests).toBe("assert add(1, 2) == 3");
    expect(server.seen).toHaveLength(4);
    const prompt = Math.ceil(JSON.stringify(server.seen[0]!.messages).length / 4);
    expect(server.seen.at(-1)).toMatchObject({ max_completion_tokens: 2048 - prompt - 16 });
    server.seen.length = 0;
    const second = await gateway.callStructured(endpoint, CONTRACTS.tests, ask({ role: "test_writer" }));
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]).not.toHaveProperty("max_tokens");
    expect(server.seen[0]).not.toHaveProperty("stream_options");
    await gateway.close();
    await server.close();
    // Usage the server never sent is counted here, and says so; refused requests cost nothing.
    for (const result of [first.result, second.result])
      expect(result).toMatchObject({ usageEstimated: true, promptTokens: expect.any(Number), finishReason: null });
    expect(first.result.completionTokens).toBeGreaterThan(5);
    const rows = await db.llmCall.findMany({ where: { endpointProfileId: endpoint.id } });
    expect(rows.map((row) => [row.errorCode, row.usageEstimated])).toEqual([
      [null, true],
      [null, true],
    ]);
  });
});

describe("structured output, auto", () => {
  it("finds a server that honours a JSON schema, remembers it on the profile, and sends each role's schema", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, format: "json-schema" });
    const endpoint = await profile("schema-server", server.url, { structuredOutput: "AUTO" });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const scores = await gateway.callStructured(endpoint, CONTRACTS.scores, ask());
    const sample = await gateway.callStructured(endpoint, CONTRACTS.agentSample, {
      ...ask({ role: "agent", task: "propose", language: "go" }),
      context: { language: "go" },
    });
    await gateway.close();
    await server.close();
    expect(scores.value).toHaveLength(9);
    expect(sample.value.language).toBe("go");
    expect(await db.endpointProfile.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({
      structuredOutputDetected: "JSON_SCHEMA",
      structuredOutputProbedAt: expect.any(Date),
    });
    // The probe, then both calls with their schema; nothing sent without one.
    expect(server.stats().responseFormats).toMatchObject({ json_schema: 3 });
    expect(server.stats().responseFormats.none ?? 0).toBe(0);
  });

  it("falls back to plain prompts on a server that refuses response_format, and the answers still parse", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, format: "reject-response-format" });
    const endpoint = await profile("no-format-server", server.url, { structuredOutput: "AUTO" });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const results = await Promise.all([1, 2, 3].map(() => gateway.callStructured(endpoint, CONTRACTS.scores, ask())));
    await gateway.close();
    await server.close();
    expect(results.every((r) => r.value.length === 9)).toBe(true);
    expect((await db.endpointProfile.findUniqueOrThrow({ where: { id: endpoint.id } })).structuredOutputDetected).toBe("NONE");
    // One probe per mode, refused; then three plain calls (concurrent callers wait for the one probe).
    expect(server.stats().responseFormats).toMatchObject({ json_schema: 1, json_object: 1 });
    expect(server.stats().responseFormats.none).toBe(3);
  });

  it("with a mode forced by the user, says plainly that the server refuses it", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, format: "reject-response-format" });
    const view = await createEndpointProfile({
      db,
      secretKey,
      input: { name: "forced-schema", baseUrl: server.url, model: "rosetta-scripted" },
    });
    await db.endpointProfile.update({ where: { id: view.id }, data: { structuredOutput: "JSON_SCHEMA" } });
    const endpoint = await resolveEndpoint({ db, secretKey, id: view.id });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const error = await gateway.callStructured(endpoint, CONTRACTS.scores, ask()).catch((e: unknown) => e);
    await gateway.close();
    await server.close();
    expect(error).toMatchObject({ kind: "BadRequest", message: expect.stringContaining("set its structured output to auto or none") });
  });
});
