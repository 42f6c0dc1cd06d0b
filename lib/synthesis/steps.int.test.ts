import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { Gateway, type CallOptions } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { createEndpointProfile, resolveEndpoint, type ResolvedEndpoint } from "@/lib/llm/profiles";
import { durableStep, durableSteps, settleSteps } from "@/lib/synthesis/steps";
import { ItemFailure } from "@/lib/synthesis/items";
import { summarizeLlmUsage } from "@/lib/llm/usage";

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

  it("an item's steps, read once: the stored ones are reused, only the missing one is called, each answer under its own step", async () => {
    await durableStep(db, "steps:6", "first", async () => ({ value: { text: "one" } }));
    await durableStep(db, "steps:6", "second", async () => ({ value: { text: "two" } }));
    const durable = durableSteps(db, "steps:6");
    const called: string[] = [];
    const answers = await Promise.all(
      ["first", "second", "third"].map((step) =>
        durable(step, async () => {
          called.push(step);
          return { value: { text: `new ${step}` } };
        }),
      ),
    );
    expect(answers).toEqual([{ text: "one" }, { text: "two" }, { text: "new third" }]);
    expect(called).toEqual(["third"]);
    const rows = await db.workStep.findMany({ where: { key: "steps:6" }, orderBy: { step: "asc" } });
    expect(rows.map((row) => [row.step, row.output])).toEqual([
      ["first", { text: "one" }],
      ["second", { text: "two" }],
      ["third", { text: "new third" }],
    ]);
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

  it("settles an item once its outcome is stored: its steps go, its calls roll up into one row, every sum and count of calls unchanged", async () => {
    const calls = [await gateway.call(endpoint, options), await gateway.call(endpoint, { ...options, seed: 2 })];
    for (const [i, result] of calls.entries())
      await durableStep(db, "steps:3", `sample:${i}`, async () => ({
        value: { text: result.text },
        llmCallId: result.llmCallId,
        row: result.row,
      }));
    await durableStep(db, "steps:3", "other", async () => ({ value: { text: "no call" } }));
    await durableStep(db, "steps:4", "answer", async () => ({ value: { text: "another item" } }));
    const usage = () => summarizeLlmUsage({ db }).then((rows) => rows.filter((row) => row.stage === "test"));
    const before = await usage();
    const [{ cost }] = await db.$queryRaw<[{ cost: string }]>`select sum(cost_usd)::text as cost from llm_calls where stage = 'test'`;

    await db.$transaction((tx) => settleSteps(tx, "steps:3"));
    const rows = await db.workStep.findMany({ where: { key: { in: ["steps:3", "steps:4"] } }, orderBy: [{ key: "asc" }, { step: "asc" }] });
    const [rolled] = await db.llmCall.findMany({ where: { id: { notIn: calls.map((c) => c.llmCallId) }, stage: "test", calls: 2 } });
    expect(rolled).toMatchObject({
      promptTokens: calls[0]!.row!.promptTokens + calls[1]!.row!.promptTokens,
      completionTokens: calls[0]!.row!.completionTokens + calls[1]!.row!.completionTokens,
      attempts: 2,
    });
    expect(rows.map(({ key, step, output, llmCallId }) => ({ key, step, output, llmCallId }))).toEqual([
      { key: "steps:3", step: `settled:${rolled!.id}`, output: null, llmCallId: rolled!.id },
      { key: "steps:4", step: "answer", output: { text: "another item" }, llmCallId: null },
    ]);
    expect(await stored(calls[0]!.llmCallId)).toBe(0);
    expect(await usage()).toEqual(before);
    expect((await db.$queryRaw<[{ cost: string }]>`select sum(cost_usd)::text as cost from llm_calls where stage = 'test'`)[0].cost).toBe(
      cost,
    );

    // A job taken for dead that asks a settled step again stops without failing the item (its retry
    // finds the outcome), and never calls the model: the sample it has not stored yet included.
    for (const step of ["sample:0", "sample:7"]) {
      const again = durableStep(db, "steps:3", step, () => Promise.reject(new Error("a settled item's step is not called again")));
      await expect(again).rejects.toThrow(`step ${step} of steps:3 was settled: its item's outcome is stored`);
      await expect(again).rejects.not.toBeInstanceOf(ItemFailure);
    }
    // Settling again changes nothing; nor can a settled row be changed.
    await db.$transaction((tx) => settleSteps(tx, "steps:3"));
    expect(await db.workStep.count({ where: { key: "steps:3" } })).toBe(1);
    await expect(db.$executeRaw`update work_steps set output = '{"text": "back"}' where key = 'steps:3'`).rejects.toThrow(/immutable/);
  });

  it("marks an item whose steps made no call settled all the same", async () => {
    await durableStep(db, "steps:5", "other", async () => ({ value: { text: "no call" } }));
    await db.$transaction((tx) => settleSteps(tx, "steps:5"));
    expect(await db.workStep.findMany({ where: { key: "steps:5" }, select: { step: true, llmCallId: true } })).toEqual([
      { step: "settled", llmCallId: null },
    ]);
    await expect(durableStep(db, "steps:5", "other", () => Promise.reject(new Error("called")))).rejects.toThrow(/was settled/);
  });
});
