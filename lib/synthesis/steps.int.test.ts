import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { Gateway, type CallOptions } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { createEndpointProfile, resolveEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";
import { durableStep } from "@/lib/synthesis/steps";

/** A durable step and its model call's llm_calls row are one write: both stored, or neither. */

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
let gateway: Gateway;
let endpoint: ResolvedEndpoint;

beforeAll(async () => {
  server = await startModelServer({ port: 0, seed: 41, ttftMs: 1, tokensPerSecond: 50_000 });
  gateway = new Gateway({ db, limiter: new InProcessLimiter() });
  const view = await createEndpointProfile({
    db,
    secretKey: undefined,
    input: { name: "steps", baseUrl: server.url, model: "rosetta-scripted" },
  });
  endpoint = await resolveEndpoint({ db, secretKey: undefined, id: view.id });
});
afterAll(async () => {
  await gateway.close();
  await server.close();
  await db.$disconnect();
});

const options: CallOptions = {
  role: "agent",
  task: "propose",
  stage: "test",
  language: "python",
  messages: [{ role: "user", content: "Write a function." }],
  recordWithStep: true,
};
const stored = (id: string) => db.llmCall.count({ where: { id } });

describe("durable steps", () => {
  it("writes a call's row with its step, not behind it, and a replay reuses the step without calling", async () => {
    const result = await gateway.call(endpoint, options);
    expect(result.row?.id).toBe(result.llmCallId);
    await gateway.close(); // whatever the gateway writes behind is written now: not this row
    expect(await stored(result.llmCallId)).toBe(0);

    const value = await durableStep(db, "steps:1", "answer", async () => ({
      value: { text: result.text },
      llmCallId: result.llmCallId,
      row: result.row,
    }));
    expect(value).toEqual({ text: result.text });
    expect(await stored(result.llmCallId)).toBe(1);
    expect(await db.workStep.findUniqueOrThrow({ where: { key_step: { key: "steps:1", step: "answer" } } })).toMatchObject({
      llmCallId: result.llmCallId,
    });

    const replayed = await durableStep(db, "steps:1", "answer", () => Promise.reject(new Error("a stored step is not called again")));
    expect(replayed).toEqual({ text: result.text });
  });

  it("writes neither the step nor its call's row when the step cannot be stored", async () => {
    const result = await gateway.call(endpoint, options);
    // PostgreSQL's jsonb refuses a NUL character: the step's write fails.
    const failing = durableStep(db, "steps:2", "answer", async () => ({
      value: { text: "\u0000" },
      llmCallId: result.llmCallId,
      row: result.row,
    }));
    await expect(failing).rejects.toThrow();
    expect(await stored(result.llmCallId)).toBe(0);
    expect(await db.workStep.count({ where: { key: "steps:2" } })).toBe(0);
  });

  it("records a call made outside a step behind it, as before", async () => {
    const result = await gateway.call(endpoint, { ...options, recordWithStep: undefined });
    expect(result.row).toBeUndefined();
    await result.recorded;
    expect(await stored(result.llmCallId)).toBe(1);
  });
});
