import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "@/lib/languages";
import { BANK, PROBLEMS } from "@/model-server/bank";
import type { FormatMode } from "@/model-server/formats";
import { MODEL_ID, startModelServer, type RunningModelServer } from "@/model-server/server";
import { CONTRACTS, parseAnswer } from "@/lib/llm/parse";

let server: RunningModelServer;
let client: OpenAI;
beforeAll(async () => {
  server = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, seed: 3 });
  client = new OpenAI({ baseURL: server.url, apiKey: "x", maxRetries: 0 });
});
afterAll(() => server.close());

async function ask(
  role: string,
  content: string,
  { language = "python", task, stream = false }: { language?: string; task?: string; stream?: boolean } = {},
) {
  const headers: Record<string, string> = { "x-rosetta-role": role, "x-rosetta-language": language };
  if (task) headers["x-rosetta-task"] = task;
  if (!stream)
    return (await client.chat.completions.create({ model: MODEL_ID, messages: [{ role: "user", content }] }, { headers })).choices[0]!
      .message.content!;
  let text = "";
  for await (const chunk of await client.chat.completions.create(
    { model: MODEL_ID, messages: [{ role: "user", content }], stream: true },
    { headers },
  ))
    text += chunk.choices[0]?.delta?.content ?? "";
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
      const sample = parseAnswer(
        await ask("agent", `propose ${language}`, { language, task: "propose", stream: true }),
        CONTRACTS.agentSample,
      );
      expect(sample).toMatchObject({ ok: true, value: { language } });
      expect(parseAnswer(await ask("agent", `critique ${language}`, { language, task: "critique" }), CONTRACTS.critique).ok).toBe(true);
    }
  });

  it("answers the policy role (the model being trained) as the response generator, with a solution", async () => {
    for (const language of ["python", "go"] as const) {
      const answer = parseAnswer(await ask("policy", `problem ${language}`, { language }), CONTRACTS.response);
      expect(answer.ok && answer.value.solution.length).toBeGreaterThan(10);
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

  it("judges evolutions (the scorer's judge task): mostly harder and different, the same verdict for the same request", async () => {
    const verdicts = [];
    for (let i = 0; i < 40; i++) {
      const parsed = parseAnswer(await ask("scorer", `[Source] a\n[Evolved] b ${i}`, { task: "judge" }), CONTRACTS.judge);
      if (!parsed.ok) throw new Error(parsed.error);
      verdicts.push(parsed.value.harder && parsed.value.different);
    }
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(30); // the default --eliminate-rate is 0.1
    expect(verdicts.filter((kept) => !kept).length).toBeGreaterThan(0);
    const again = parseAnswer(await ask("scorer", "[Source] a\n[Evolved] b 0", { task: "judge" }), CONTRACTS.judge);
    expect(again.ok && again.value.harder && again.value.different).toBe(verdicts[0]);

    const strict = await startModelServer({ port: 0, ttftMs: 1, tokensPerSecond: 20_000, seed: 3, eliminateRate: 1 });
    try {
      const answer = await new OpenAI({ baseURL: strict.url, apiKey: "x", maxRetries: 0 }).chat.completions.create(
        { model: MODEL_ID, messages: [{ role: "user", content: "[Source] a\n[Evolved] b" }] },
        { headers: { "x-rosetta-role": "scorer", "x-rosetta-task": "judge" } },
      );
      const parsed = parseAnswer(answer.choices[0]!.message.content!, CONTRACTS.judge);
      expect(parsed.ok && !(parsed.value.harder && parsed.value.different)).toBe(true);
    } finally {
      await strict.close();
    }
  }, 20_000);

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

interface Ask {
  role: string;
  content: string;
  task?: string;
  language?: string;
  /** Extra request body fields: response_format, max_tokens, stream_options… */
  body?: Record<string, unknown>;
}

interface Completion {
  status: number;
  json: {
    choices: { message: { content: string; reasoning_content?: string }; finish_reason: string | null }[];
    usage?: { completion_tokens: number; completion_tokens_details?: { reasoning_tokens: number } };
    error?: unknown;
  };
}

/** The wire as it is: no client library smoothing over what the server sent. */
function post(at: RunningModelServer, { role, content, task, language = "python", body = {} }: Ask, stream: boolean): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json", "x-rosetta-role": role, "x-rosetta-language": language };
  if (task) headers["x-rosetta-task"] = task;
  return fetch(`${at.url}/chat/completions`, {
    method: "POST",
    headers,
    body: JSON.stringify({ model: MODEL_ID, messages: [{ role: "user", content }], stream, ...body }),
  });
}

async function complete(at: RunningModelServer, ask: Ask): Promise<Completion> {
  const response = await post(at, ask, false);
  return { status: response.status, json: (await response.json()) as Completion["json"] };
}

async function contentOf(at: RunningModelServer, ask: Ask): Promise<string> {
  return (await complete(at, ask)).json.choices[0]!.message.content;
}

interface Chunk {
  choices: { delta: { content?: string; reasoning_content?: string }; finish_reason?: string | null }[];
  usage?: unknown;
}

async function streamOf(at: RunningModelServer, ask: Ask): Promise<{ raw: string; chunks: Chunk[]; content: string; reasoning: string }> {
  const raw = await (await post(at, ask, true)).text();
  const chunks = raw
    .split("\n\n")
    .filter((event) => event.startsWith("data: {"))
    .map((event) => JSON.parse(event.slice("data: ".length)) as Chunk);
  const joined = (field: "content" | "reasoning_content") => chunks.map((chunk) => chunk.choices[0]?.delta[field] ?? "").join("");
  return { raw, chunks, content: joined("content"), reasoning: joined("reasoning_content") };
}

/** The json mode's answer (bare, or fenced as a whole), read without the parser under test. */
function plainJson(text: string): unknown {
  return JSON.parse(text.replace(/^```json\n/, "").replace(/\n```$/, ""));
}

/** What is left of markdown once its fenced blocks are taken out. */
function outsideFences(text: string): string {
  return text.replace(/```[a-z]*\n[\s\S]*?\n```/g, "");
}

const formatServers = new Map<FormatMode, RunningModelServer>();
async function serverWith(format: FormatMode): Promise<RunningModelServer> {
  if (!formatServers.has(format))
    formatServers.set(format, await startModelServer({ port: 0, ttftMs: 0, tokensPerSecond: 50_000, seed: 9, format }));
  return formatServers.get(format)!;
}
afterAll(() => Promise.all([...formatServers.values()].map((each) => each.close())));

const propose = (i: number, language = "python"): Ask => ({
  role: "agent",
  task: "propose",
  language,
  content: `propose ${i} ${language}`,
});
const score = (i: number, language = "python"): Ask => ({ role: "scorer", language, content: `score ${i} ${language}` });
const SCHEMA_BODY = {
  response_format: {
    type: "json_schema",
    json_schema: {
      name: "scores",
      strict: true,
      schema: {
        type: "object",
        properties: { scores: { type: "array", items: { type: "object" } } },
        required: ["scores"],
        additionalProperties: false,
      },
    },
  },
};

describe("format modes", () => {
  it("word the same answer differently: the problem, solution and scores stay the seed's", async () => {
    const json = await serverWith("json");
    for (let i = 0; i < 4; i++) {
      const sample = plainJson(await contentOf(json, propose(i))) as { instruction: string; solution: string; tests: string };
      const markdown = await contentOf(await serverWith("markdown"), propose(i));
      expect(markdown).toContain(sample.instruction);
      expect(markdown).toContain("```python\n" + sample.solution + "\n```");
      const think = await contentOf(await serverWith("think"), propose(i));
      expect(JSON.parse(think.slice(think.indexOf("```json\n") + 8, think.lastIndexOf("\n```")))).toEqual(sample);
      const scores = plainJson(await contentOf(json, score(i))) as { score: number | string }[];
      const loose = await contentOf(await serverWith("loose-values"), score(i));
      const looseScores = (plainJson(loose) as { scores: { score: string }[] }).scores;
      expect(looseScores.map((s) => (s.score === "N/A" ? s.score : Number(s.score.split("/")[0])))).toEqual(scores.map((s) => s.score));
    }
  });

  it("think: reasoning with braces, a code sketch and a draft answer first, then the answer fenced; sometimes only the closing tag", async () => {
    const server = await serverWith("think");
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => contentOf(server, propose(i))));
    for (const answer of answers) {
      const [reasoning, after] = answer.split("</think>") as [string, string];
      expect(reasoning).toContain("{");
      expect(reasoning).toMatch(/```python\n[\s\S]+?\n```/);
      expect(reasoning).toContain('{"instruction": "draft", "solution": "draft", "tests": "draft", "language": "python"}');
      expect(after.trim()).toMatch(/^```json\n\{[\s\S]*\}\n```$/);
      expect((plainJson(after.trim()) as { solution: string }).solution).not.toBe("draft");
    }
    expect(answers.some((answer) => answer.startsWith("<think>\n"))).toBe(true);
    expect(answers.some((answer) => !answer.includes("<think>"))).toBe(true);
    expect(await contentOf(server, propose(3))).toBe(answers[3]);
  });

  it("think and reasoning-content: reasoning counts in usage and against max_tokens", async () => {
    const think = await serverWith("think");
    const full = await complete(think, propose(1));
    const cut = await complete(think, { ...propose(1), body: { max_tokens: 20 } });
    expect(cut.json.choices[0]!.finish_reason).toBe("length");
    expect(cut.json.usage!.completion_tokens).toBe(20);
    expect(full.json.choices[0]!.message.content.startsWith(cut.json.choices[0]!.message.content)).toBe(true);
    expect(cut.json.choices[0]!.message.content).not.toContain("</think>");

    const reasoning = await serverWith("reasoning-content");
    const whole = await complete(reasoning, propose(1));
    const { content, reasoning_content: thought } = whole.json.choices[0]!.message;
    expect(whole.json.usage!.completion_tokens).toBe(Math.ceil(thought!.length / 4) + Math.ceil(content.length / 4));
    expect(whole.json.usage!.completion_tokens_details!.reasoning_tokens).toBe(Math.ceil(thought!.length / 4));
    const short = await complete(reasoning, { ...propose(1), body: { max_completion_tokens: 10 } });
    expect(short.json.choices[0]!.finish_reason).toBe("length");
    expect(short.json.choices[0]!.message).toMatchObject({ content: "", reasoning_content: thought!.slice(0, 40) });
  });

  it("reasoning-content: the reasoning (braces, code, a draft) apart from the answer, streamed first", async () => {
    const server = await serverWith("reasoning-content");
    const { content, reasoning_content: reasoning } = (await complete(server, propose(2))).json.choices[0]!.message;
    expect(reasoning).toContain('"draft"');
    expect(reasoning).toMatch(/```python\n/);
    expect(content).not.toContain("draft");
    expect(plainJson(content)).toMatchObject({ language: "python" });

    // Streamed (a request of its own, so an answer of its own): reasoning chunks, then answer chunks.
    const stream = await streamOf(server, propose(2));
    expect(stream.reasoning).toContain('"draft"');
    expect(stream.content).not.toContain("draft");
    expect(plainJson(stream.content)).toMatchObject({ language: "python" });
    const firstAnswer = stream.chunks.findIndex((chunk) => chunk.choices[0]?.delta.content);
    const lastThought = stream.chunks.findLastIndex((chunk) => chunk.choices[0]?.delta.reasoning_content);
    expect(lastThought).toBeLessThan(firstAnswer);
  });

  it("fence-in-string: prose around a ```json block whose code fields hold fenced code", async () => {
    const server = await serverWith("fence-in-string");
    for (const [ask, fields] of [
      [propose(1, "rust"), ["solution", "tests"]],
      [{ role: "response_generator", language: "rust", content: "solve it" }, ["solution"]],
      [{ role: "test_writer", language: "rust", content: "test it" }, ["tests"]],
    ] as const) {
      const answer = await contentOf(server, ask);
      expect(answer).toMatch(/^[A-Z][^\n]*\n\n```json\n\{/);
      expect(answer).toMatch(/\n```\n\n[A-Z][^\n]*$/);
      expect(answer).toContain('"```rust\\n');
      const value = JSON.parse(answer.slice(answer.indexOf("```json\n") + 8, answer.lastIndexOf("\n```"))) as Record<string, string>;
      for (const field of fields) expect(value[field]).toMatch(/^```rust\n[\s\S]+\n```$/);
    }
  });

  it("near-json: trailing commas, and on some answers single-quoted keys or a // comment, inside prose", async () => {
    const server = await serverWith("near-json");
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => contentOf(server, i % 2 ? propose(i) : score(i))));
    for (const answer of answers) {
      expect(answer).toMatch(/^[A-Z]/);
      expect(answer).toMatch(/,\n\s*[}\]]/);
      expect(() => plainJson(answer)).toThrow();
    }
    expect(answers.some((answer) => /\n\s*'(solution|expert)': /.test(answer))).toBe(true);
    expect(answers.some((answer) => /\n\s*\/\/ /.test(answer))).toBe(true);
  });

  it("markdown: headings and fenced code with the language's info string, no JSON, where the contract is instruction/solution/tests", async () => {
    const server = await serverWith("markdown");
    const samples = await Promise.all(Array.from({ length: 6 }, (_, i) => contentOf(server, propose(i, i % 2 ? "java" : "python"))));
    for (const [i, sample] of samples.entries()) {
      const info = i % 2 ? "java" : "python";
      expect(sample).toMatch(/^(## Instruction|### Problem|## Problem|### Task)\n\n/);
      expect(sample).toMatch(new RegExp(`\\n## Solution\\n\\n\`\`\`${info}\\n[\\s\\S]+\\n\`\`\`\\n\\n## Tests\\n\\n\`\`\`${info}\\n`));
      expect(outsideFences(sample)).not.toMatch(/[{}]/);
    }
    const response = await contentOf(server, { role: "response_generator", language: "go", content: "solve" });
    expect(response).toMatch(/^## Solution\n\n```go\n[\s\S]+\n```\n\n\w/);
    expect(outsideFences(response)).not.toMatch(/[{}]/);
    expect(await contentOf(server, { role: "test_writer", language: "bash", content: "tests" })).toMatch(
      /^[^`{]+\n\n```bash\n[\s\S]+\n```\n$/,
    );
    expect(await contentOf(server, { role: "instruction_generator", content: "write" })).toMatch(/^## Instruction\n\n[^{}`]+$/);
    // Scores and critiques have no markdown shape: JSON in prose.
    expect(await contentOf(server, score(1))).toMatch(/^[A-Z][^\n]*\n\n```json\n\[\n\s+\{\n\s+"expert"/);
    expect(await contentOf(server, { role: "agent", task: "critique", content: "critique" })).toMatch(/"issues": \[/);
  });

  it("loose-values: '4/5' scores, display names, a scores wrapper, display language names, tests as lines", async () => {
    const server = await serverWith("loose-values");
    const scores = await Promise.all(Array.from({ length: 4 }, (_, i) => contentOf(server, score(i))));
    for (const answer of scores) {
      expect(answer).toMatch(/"scores": \[/);
      expect(answer).toMatch(/"score": "\d(\/5|\.0 \/ 5)"/);
      expect(answer).toContain('"expert": "Code Correctness"');
      expect(answer).toContain('"expert": "Easy To Learn"');
      expect(answer).not.toContain("code_correctness");
    }
    expect(scores.join("")).toMatch(/"\d\/5"/);
    expect(scores.join("")).toMatch(/"\d\.0 \/ 5"/);
    for (const [language, name] of [
      ["python", "Python"],
      ["cpp", "C++"],
      ["csharp", "C#"],
    ] as const) {
      const sample = plainJson(await contentOf(server, propose(1, language))) as { language: string; tests: unknown };
      expect(sample.language).toBe(name);
      expect(
        Array.isArray(sample.tests) &&
          sample.tests.length > 1 &&
          sample.tests.every((line) => typeof line === "string" && !line.includes("\n")),
      ).toBe(true);
    }
    expect(Array.isArray((plainJson(await contentOf(server, { role: "test_writer", content: "t" })) as { tests: unknown }).tests)).toBe(
      true,
    );
  });

  it("no-finish-reason: streams end with [DONE] but no chunk carries a finish_reason; bodies carry null", async () => {
    const server = await serverWith("no-finish-reason");
    const stream = await streamOf(server, propose(1));
    expect(stream.raw.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(stream.chunks.length).toBeGreaterThan(2);
    expect(stream.chunks.every((chunk) => chunk.choices.every((choice) => choice.finish_reason == null))).toBe(true);
    expect(plainJson(stream.content)).toMatchObject({ language: "python" });
    expect((await complete(server, propose(1))).json.choices[0]!.finish_reason).toBeNull();
    expect((await complete(server, { ...propose(1), body: { max_tokens: 5 } })).json.choices[0]!.finish_reason).toBeNull();
  });

  it("no-usage: no usage in the last chunk even when asked, none in the body", async () => {
    const server = await serverWith("no-usage");
    const stream = await streamOf(server, { ...propose(1), body: { stream_options: { include_usage: true } } });
    expect(stream.raw.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(stream.chunks.some((chunk) => "usage" in chunk)).toBe(false);
    expect(stream.chunks.at(-1)!.choices[0]!.finish_reason).toBe("stop");
    expect("usage" in (await complete(server, propose(1))).json).toBe(false);
    // The json mode does send it, so the test above means something.
    expect(
      (await streamOf(await serverWith("json"), { ...propose(1), body: { stream_options: { include_usage: true } } })).chunks.some(
        (chunk) => chunk.usage,
      ),
    ).toBe(true);
  });

  it("json-schema: bare JSON in the schema's shape only when the schema is sent; counts each response_format type", async () => {
    const server = await serverWith("json-schema");
    const wrapped = JSON.parse(await contentOf(server, { ...score(1), body: SCHEMA_BODY })) as { scores: unknown[] };
    expect(wrapped.scores).toHaveLength(9);
    const sampleSchema = {
      response_format: {
        type: "json_schema",
        json_schema: { name: "sample", schema: { type: "object", properties: { instruction: {}, solution: {}, tests: {}, language: {} } } },
      },
    };
    expect(JSON.parse(await contentOf(server, { ...propose(1), body: sampleSchema }))).toMatchObject({ language: "python" });
    expect(JSON.parse(await contentOf(server, { ...score(2), body: { response_format: { type: "json_object" } } }))).toMatchObject({
      scores: expect.any(Array),
    });
    expect(JSON.parse(await contentOf(server, { ...propose(2), body: { response_format: { type: "json_object" } } }))).toMatchObject({
      language: "python",
    });

    const unconstrained = await Promise.all(Array.from({ length: 10 }, (_, i) => contentOf(server, propose(10 + i))));
    for (const answer of unconstrained) expect(() => JSON.parse(answer)).toThrow();
    expect(unconstrained.some((answer) => answer.includes("## Solution"))).toBe(true);
    expect(unconstrained.some((answer) => answer.includes('"solution": '))).toBe(true);
    const text = await contentOf(server, { ...propose(3), body: { response_format: { type: "text" } } });
    expect(() => JSON.parse(text)).toThrow();
    expect(server.stats().responseFormats).toEqual({ none: 10, text: 1, json_object: 2, json_schema: 2 });
  });

  it("reject-response-format: HTTP 400 to any request carrying response_format, JSON in prose without it", async () => {
    const server = await serverWith("reject-response-format");
    for (const responseFormat of [{ type: "json_object" }, { type: "text" }, SCHEMA_BODY.response_format]) {
      const rejected = await complete(server, { ...propose(1), body: { response_format: responseFormat } });
      expect(rejected.status).toBe(400);
      expect(rejected.json.error).toEqual({
        message: "response_format is not supported by this server",
        type: "invalid_request_error",
        param: "response_format",
      });
    }
    const answer = await complete(server, propose(1));
    expect(answer.status).toBe(200);
    expect(answer.json.choices[0]!.message.content).toMatch(/^[A-Z][^\n]*\n\n(```json\n)?\{\n\s+"instruction"/);
    expect(server.stats()).toMatchObject({ none: 1, responseFormats: { none: 1, text: 1, json_object: 1, json_schema: 1 } });
  });

  it("json and every other mode accept response_format and ignore it", async () => {
    for (const format of ["json", "think", "no-usage"] as const) {
      const answer = await complete(await serverWith(format), { ...score(4), body: SCHEMA_BODY });
      expect(answer.status).toBe(200);
      expect(answer.json.choices[0]!.message.content).not.toMatch(/^\{"scores"/);
    }
  });

  it("mixed: one content style per answer, the same one for the same request", async () => {
    const server = await serverWith("mixed");
    const styleOf = ({ content, reasoning_content: reasoning }: { content: string; reasoning_content?: string }) => {
      if (reasoning) return "reasoning-content";
      if (content.includes("</think>")) return "think";
      if (content.includes("## Solution")) return "markdown";
      if (content.includes('"```python\\n')) return "fence-in-string";
      if (/,\n\s*[}\]]/.test(content)) return "near-json";
      if (content.includes('"language": "Python"')) return "loose-values";
      plainJson(content);
      return "json";
    };
    const styles = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => styleOf((await complete(server, propose(i))).json.choices[0]!.message)),
    );
    expect(new Set(styles).size).toBe(7);
    expect(styleOf((await complete(server, propose(7))).json.choices[0]!.message)).toBe(styles[7]);
  });
});

describe("GET /stats", () => {
  it("counts whole answers with the time the latency model gives them and the time taken beyond it", async () => {
    const server = await startModelServer({ port: 0, ttftMs: 40, tokensPerSecond: 2_000 });
    try {
      const streamed = await streamOf(server, score(1));
      const whole = await complete(server, score(2));
      const tokens = streamed.chunks.filter((chunk) => chunk.choices[0]?.delta.content).length;
      const wholeTokens = (whole.json as unknown as { usage: { completion_tokens: number } }).usage.completion_tokens;
      const stats = (await (await fetch(server.url.replace(/\/v1$/, "/stats"))).json()) as ReturnType<RunningModelServer["stats"]>;
      expect(stats).toEqual(server.stats());
      expect(stats.served.answers).toBe(2);
      expect(stats.served.modelMs).toBeCloseTo(2 * 40 + ((tokens + wholeTokens) / 2_000) * 1000, 6);
      // Its own lag: never negative beyond rounding of the pacing (the last token is due at (n - 1) / rate), and small here.
      expect(stats.served.beyondMs).toBeGreaterThan(-2);
      expect(stats.served.beyondMs).toBeLessThan(stats.served.modelMs);
    } finally {
      await server.close();
    }
  });
});
