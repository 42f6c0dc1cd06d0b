import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { Gateway, type CallOptions } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { createEndpointProfile, resolveEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";
import { durableStep, settleSteps } from "@/lib/synthesis/steps";
import { ItemFailure } from "@/lib/synthesis/items";

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

  it("settles an item's steps once its outcome is stored: the answers go, the rows and their calls stay, nothing else changes", async () => {
    const result = await gateway.call(endpoint, options);
    await durableStep(db, "steps:3", "answer", async () => ({
      value: { text: result.text },
      llmCallId: result.llmCallId,
      row: result.row,
    }));
    await durableStep(db, "steps:3", "other", async () => ({ value: { text: "no call" } }));
    await durableStep(db, "steps:4", "answer", async () => ({ value: { text: "another item" } }));

    await db.$transaction((tx) => settleSteps(tx, "steps:3"));
    const rows = await db.workStep.findMany({ where: { key: { in: ["steps:3", "steps:4"] } }, orderBy: [{ key: "asc" }, { step: "asc" }] });
    expect(rows.map(({ key, step, output, llmCallId }) => ({ key, step, output, llmCallId }))).toEqual([
      { key: "steps:3", step: "answer", output: null, llmCallId: result.llmCallId },
      { key: "steps:3", step: "other", output: null, llmCallId: null },
      { key: "steps:4", step: "answer", output: { text: "another item" }, llmCallId: null },
    ]);
    expect(await stored(result.llmCallId)).toBe(1);

    // A job taken for dead that asks a settled step again stops without failing the item: its retry finds the outcome.
    const again = durableStep(db, "steps:3", "answer", () => Promise.reject(new Error("a settled step is not called again")));
    await expect(again).rejects.toThrow("step answer of steps:3 was settled: its item's outcome is stored");
    await expect(again).rejects.not.toBeInstanceOf(ItemFailure);
    // Nothing else of a step can change, nor can an answer be put back.
    await expect(db.$executeRaw`update work_steps set step = 'renamed' where key = 'steps:3' and step = 'other'`).rejects.toThrow(
      /immutable/,
    );
    await expect(db.$executeRaw`update work_steps set output = '{"text": "back"}' where key = 'steps:3'`).rejects.toThrow(/immutable/);
  });
});
