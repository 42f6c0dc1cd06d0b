import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "@/lib/llm/contracts";
import { BANK, PROBLEMS } from "@/lib/llm/model-server/bank";
import { MODEL_ID, startModelServer, type RunningModelServer } from "@/lib/llm/model-server/server";
import { CONTRACTS, parseAnswer } from "@/lib/llm/parse";

let server: RunningModelServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, seed: 3 });
  client = new OpenAI({ baseURL: server.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => server.close());

async function ask(role: string, content: string, { language = "python", task, stream = false }: { language?: string; task?: string; stream?: boolean } = {}) {
  const headers: Record<string, string> = { "x-rosetta-role": role, "x-rosetta-language": language };
  if (task) headers["x-rosetta-task"] = task;
  if (!stream) return (await client.chat.completions.create({ model: MODEL_ID, messages: [{ role: "user", content }] }, { headers })).choices[0]!.message.content!;
  let text = "";
  for await (const chunk of await client.chat.completions.create({ model: MODEL_ID, messages: [{ role: "user", content }], stream: true }, { headers })) text += chunk.choices[0]?.delta?.content ?? "";
  return text;
}

describe("the scripted model server", () => {
  it("lists its one model and says there is no language model inside", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models).toMatchObject([{ id: MODEL_ID, owned_by: expect.stringContaining("no language model inside") }]);
  });

  it("answers every role in the shape its contract requires, in every language", async () => {
    for (const language of LANGUAGES) {
      expect(parseAnswer(await ask("instruction_generator", `snippet ${language}`, { language }), CONTRACTS.instruction).ok).toBe(true);
      expect(parseAnswer(await ask("response_generator", `problem ${language}`, { language }), CONTRACTS.response).ok).toBe(true);
      expect(parseAnswer(await ask("test_writer", `tests ${language}`, { language }), CONTRACTS.tests).ok).toBe(true);
      expect(parseAnswer(await ask("scorer", `score ${language}`, { language }), CONTRACTS.scores).ok).toBe(true);
      const sample = parseAnswer(await ask("agent", `propose ${language}`, { language, task: "propose", stream: true }), CONTRACTS.agentSample);
      expect(sample).toMatchObject({ ok: true, value: { language } });
      expect(parseAnswer(await ask("agent", `critique ${language}`, { language, task: "critique" }), CONTRACTS.critique).ok).toBe(true);
    }
  });

  it("is deterministic for a seed, and varies with the request", async () => {
    const first = await ask("agent", "same request", { task: "propose" });
    expect(await ask("agent", "same request", { task: "propose" })).toBe(first);
    const others = await Promise.all(Array.from({ length: 8 }, (_, i) => ask("agent", `request ${i}`, { task: "propose" })));
    expect(new Set(others).size).toBeGreaterThan(2);
  });

  it("scores the bank's wrong solution lower on correctness than its correct one", async () => {
    const entry = BANK.python[PROBLEMS[0]!.id]!;
    const correctness = async (solution: string) => {
      const parsed = parseAnswer(await ask("scorer", `[Question]: q\n[Answer]: ${solution}`), CONTRACTS.scores);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.value.find((s) => s.expert === "code_correctness")!.score!;
    };
    expect(await correctness(entry.wrong)).toBeLessThan(await correctness(entry.solution));
  });

  it("answers a correction with the correct solution", async () => {
    const parsed = parseAnswer(await ask("agent", "the tests failed: fix it", { task: "correct", language: "go" }), CONTRACTS.agentSample);
    expect(parsed.ok && Object.values(BANK.go).some((entry) => entry.solution === parsed.value.solution)).toBe(true);
  });

  it("explains a bad request and an unknown route", async () => {
    const bad = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Invalid request/);
    expect((await fetch(`${server.url}/embeddings`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});

describe("the bank", () => {
  it("has every problem in every language, with a wrong variant that differs", () => {
    for (const language of LANGUAGES) {
      for (const problem of PROBLEMS) {
        const entry = BANK[language][problem.id];
        expect(entry, `${language}/${problem.id}`).toBeDefined();
        expect(entry!.solution.trim().length).toBeGreaterThan(0);
        expect(entry!.tests.trim().length).toBeGreaterThan(0);
        expect(entry!.wrong.trim()).not.toBe(entry!.solution.trim());
      }
    }
  });
});
