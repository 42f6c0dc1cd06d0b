import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { AgentTask, LANGUAGE_HEADER, ROLE_HEADER, TASK_HEADER } from "@/lib/llm/contracts";
import { LlmRoleName } from "@/lib/model-roles";
import { Language } from "@/lib/languages";
import { scriptedAnswer } from "@/model-server/answers";
import { evalAnswer } from "@/model-server/eval-answers";
import { FormatMode, planAnswer, renderAnswer, ResponseFormat } from "@/model-server/formats";
import { hash32, seededRandom } from "@/lib/random";
import type { SnippetFacts } from "@/model-server/snippet";

/**
 * `rosetta model-server`: a real HTTP server speaking the OpenAI Chat Completions protocol, with
 * NO LANGUAGE MODEL INSIDE. It recognises which Rosetta role is asking and answers from a bank of
 * real problems, deterministically for a seed, with a latency model and injected faults, for
 * tests, benchmarks and demos. Its format mode (formats.ts) words the answers the ways real models
 * and servers do: reasoning first, markdown, near-JSON, missing finish_reason or usage…
 */

export const MODEL_ID = "rosetta-scripted";

const Rate = z.number().min(0).max(1);
export const ModelServerConfig = z.object({
  host: z.string().default("127.0.0.1"),
  /** 0: any free port. */
  port: z.number().int().min(0).max(65535).default(8100),
  seed: z.number().int().default(1),
  /** Share of solutions that are the bank's wrong ones. */
  wrongRate: Rate.default(0.2),
  /** Share of elimination checks that find the evolution no harder or no different than its source (drawn per request). */
  eliminateRate: Rate.default(0.1),
  ttftMs: z.number().min(0).default(40),
  tokensPerSecond: z.number().positive().default(400),
  /** How answers are worded on the wire (formats.ts); "json" is bare or fenced JSON. */
  format: FormatMode.default("json"),
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (401 otherwise), like a hosted API. */
  apiKey: z.string().min(1).optional(),
  /** Seconds announced in Retry-After (also as retry-after-ms) on an injected 429. */
  retryAfterSeconds: z.number().min(0).default(1),
  /** Keep every request's messages, for tests that assert on what a role was shown (see `prompts()`). */
  recordPrompts: z.boolean().default(false),
  /** Answer evaluation questions (lib/eval/prompt.ts) with each problem's canonical solution, or a wrong one (eval-answers.ts). */
  eval: z.enum(["canonical", "wrong"]).optional(),
  faults: z
    .object({
      rateLimited: Rate.default(0),
      serverError: Rate.default(0),
      /** The connection is reset after part of the stream (or before the body, without streaming). */
      reset: Rate.default(0),
      /** Accepts the request and never answers. */
      hang: Rate.default(0),
      /** The answer's JSON is broken. */
      malformed: Rate.default(0),
      /** The stream stops early, without finish_reason or [DONE]. */
      truncated: Rate.default(0),
    })
    .default({ rateLimited: 0, serverError: 0, reset: 0, hang: 0, malformed: 0, truncated: 0 }),
});
export type ModelServerConfig = z.input<typeof ModelServerConfig>;
type Config = z.output<typeof ModelServerConfig>;
type Fault = keyof Config["faults"] | "none";

/** Splits `total` evenly over every fault kind (what `--fault-rate` means on the command line). */
export function evenFaults(total: number): Config["faults"] {
  const each = total / 6;
  return { rateLimited: each, serverError: each, reset: each, hang: each, malformed: each, truncated: each };
}

const ChatRequest = z
  .object({
    model: z.string(),
    messages: z
      .array(
        z
          .object({
            role: z.string(),
            content: z.union([z.string(), z.array(z.object({ text: z.string().optional() }).loose()), z.null()]),
          })
          .loose(),
      )
      .min(1),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullish(),
    max_tokens: z.number().int().positive().nullish(),
    max_completion_tokens: z.number().int().positive().nullish(),
    response_format: ResponseFormat.nullish(),
  })
  .loose();

function messageText(content: z.infer<typeof ChatRequest>["messages"][number]["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

/** Rough token count (4 characters a token), which is what the latency model and usage use. */
export function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** One token of output, and whether it is reasoning (sent as reasoning_content) or the answer. */
interface Piece {
  reasoning: boolean;
  text: string;
}

function tokens(text: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += 4) pieces.push(text.slice(i, i + 4));
  return pieces;
}

function chooseFault(faults: Config["faults"], random: () => number): Fault {
  let r = random();
  for (const [kind, rate] of Object.entries(faults) as [keyof Config["faults"], number][]) {
    if (r < rate) return kind;
    r -= rate;
  }
  return "none";
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RunningModelServer {
  url: string;
  config: Config;
  /**
   * Requests answered so far, by fault ("none": a normal answer), the most ever in flight at once,
   * and how many requests carried each `response_format` type ("none": no response_format; a
   * request refused for its response_format counts there only).
   */
  stats(): ServerStats;
  /** The requests received, in order, when started with `recordPrompts` (empty otherwise). */
  prompts(): { role: string; language: string | undefined; prompt: string }[];
  close(): Promise<void>;
}

export type ServerStats = Record<Fault, number> & {
  maxInFlight: number;
  responseFormats: Record<string, number>;
  /**
   * Whole answers (no fault) and, summed over them, the time the latency model gives them (ttft +
   * tokens / tokens per second) and the time they took here beyond it, from the request's arrival to
   * its last byte written: this server's own lag (its timers, its event loop), which a client's
   * measured latency includes and no client can remove.
   */
  served: { answers: number; modelMs: number; beyondMs: number };
};

export async function startModelServer(input: ModelServerConfig = {}): Promise<RunningModelServer> {
  const config = ModelServerConfig.parse(input);
  // How many times each distinct request body was seen: a retry of the same request draws anew.
  const seen = new Map<number, number>();
  const stats: Record<Fault, number> = { none: 0, rateLimited: 0, serverError: 0, reset: 0, hang: 0, malformed: 0, truncated: 0 };
  const responseFormats: Record<string, number> = { none: 0, text: 0, json_object: 0, json_schema: 0 };
  const hanging = new Set<ServerResponse>();
  const snippets = new Map<string, SnippetFacts>();
  const prompts: { role: string; language: string | undefined; prompt: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const served = { answers: 0, modelMs: 0, beyondMs: 0 };
  const answered = (arrived: number, tokens: number) => {
    const modelMs = config.ttftMs + (tokens / config.tokensPerSecond) * 1000;
    served.answers += 1;
    served.modelMs += modelMs;
    served.beyondMs += performance.now() - arrived - modelMs;
  };

  async function chatCompletions(request: IncomingMessage, response: ServerResponse, raw: string, arrived: number): Promise<void> {
    let body: z.infer<typeof ChatRequest>;
    try {
      body = ChatRequest.parse(JSON.parse(raw));
    } catch (error) {
      sendJson(response, 400, {
        error: {
          message: `Invalid request: ${error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message}`,
          type: "invalid_request_error",
        },
      });
      return;
    }
    const header = (name: string) => request.headers[name] as string | undefined;
    const role = LlmRoleName.safeParse(header(ROLE_HEADER)).data ?? "unknown";
    const task = AgentTask.safeParse(header(TASK_HEADER)).data;
    const language = Language.safeParse(header(LANGUAGE_HEADER)).data;
    const formatType = body.response_format?.type ?? "none";
    responseFormats[formatType] = (responseFormats[formatType] ?? 0) + 1;
    // Draws of its own, so that a format never changes which problem, solution or scores the seed
    // gives; the role is in the seed so that roles asked the same thing still vary in form.
    const formatRandom = seededRandom(hash32(config.seed, raw, "format", role, task ?? "", language ?? ""));
    const plan = planAnswer(config.format, body.response_format, formatRandom);
    if (plan.rejectResponseFormat) {
      sendJson(response, 400, {
        error: { message: "response_format is not supported by this server", type: "invalid_request_error", param: "response_format" },
      });
      return;
    }
    const key = hash32(config.seed, raw);
    const attempt = (seen.get(key) ?? 0) + 1;
    seen.set(key, attempt);
    const random = seededRandom(hash32(config.seed, raw, attempt));
    const fault = chooseFault(config.faults, random);
    stats[fault] += 1;

    const prompt = body.messages.map((message) => messageText(message.content)).join("\n");
    if (config.recordPrompts) prompts.push({ role, language, prompt });
    const promptTokens = countTokens(prompt);
    const limit = body.max_completion_tokens ?? body.max_tokens ?? Infinity;
    if (promptTokens > 100_000) {
      sendJson(response, 400, {
        error: {
          message: `This model's maximum context length is 100000 tokens; the messages have ${promptTokens}.`,
          type: "invalid_request_error",
          code: "context_length_exceeded",
        },
      });
      return;
    }

    if (fault === "rateLimited") {
      const headers = {
        "retry-after": String(Math.ceil(config.retryAfterSeconds)),
        "retry-after-ms": String(Math.round(config.retryAfterSeconds * 1000)),
      };
      sendJson(
        response,
        429,
        { error: { message: "Rate limit reached (injected by the scripted model server)", type: "rate_limit_error" } },
        headers,
      );
      return;
    }
    if (fault === "serverError") {
      sendJson(response, 500, { error: { message: "Internal error (injected by the scripted model server)", type: "server_error" } });
      return;
    }
    if (fault === "hang") {
      hanging.add(response);
      response.on("close", () => hanging.delete(response));
      return;
    }

    // Content depends on the request only (not on the attempt), like a model at temperature 0.
    const contentRandom = seededRandom(hash32(config.seed, raw));
    const answer = scriptedAnswer({
      role,
      task,
      language,
      prompt,
      random: contentRandom,
      wrongRate: config.wrongRate,
      eliminateRate: config.eliminateRate,
      snippets,
    });
    // Models often fence their JSON; the gateway must accept both.
    const fenced = contentRandom() < 0.3;
    const asked = config.eval && evalAnswer(config.eval, messageText(body.messages.at(-1)!.content));
    const rendered = asked
      ? { content: asked, reasoning: "" }
      : renderAnswer(answer, plan.style, { random: formatRandom, fenced, schema: plan.schema });
    let content = rendered.content;
    if (fault === "malformed") content = content.slice(0, Math.max(1, Math.floor(content.length * (0.3 + random() * 0.5))));
    // Reasoning comes first and counts against the token limit like any other output.
    let pieces: Piece[] = [
      ...tokens(rendered.reasoning).map((text) => ({ reasoning: true, text })),
      ...tokens(content).map((text) => ({ reasoning: false, text })),
    ];
    let finish: "stop" | "length" = "stop";
    if (pieces.length > limit) {
      pieces = pieces.slice(0, limit);
      finish = "length";
    }
    const completionTokens = pieces.length;
    const reasoningTokens = pieces.filter((piece) => piece.reasoning).length;
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      ...(rendered.reasoning ? { completion_tokens_details: { reasoning_tokens: reasoningTokens } } : {}),
    };
    const id = `chatcmpl-${key.toString(16)}-${attempt}`;
    const created = Math.floor(Date.now() / 1000);

    await sleep(config.ttftMs);
    if (!body.stream) {
      if (fault === "reset") {
        request.socket.destroy();
        return;
      }
      await sleep((pieces.length / config.tokensPerSecond) * 1000);
      const sent = fault === "truncated" ? pieces.slice(0, Math.ceil(pieces.length / 2)) : pieces;
      const text = (reasoning: boolean) =>
        sent
          .filter((piece) => piece.reasoning === reasoning)
          .map((piece) => piece.text)
          .join("");
      const message = { role: "assistant", content: text(false), ...(rendered.reasoning ? { reasoning_content: text(true) } : {}) };
      sendJson(response, 200, {
        id,
        object: "chat.completion",
        created,
        model: MODEL_ID,
        choices: [{ index: 0, message, finish_reason: plan.finishReason ? (fault === "truncated" ? "length" : finish) : null }],
        ...(plan.usage ? { usage } : {}),
      });
      if (fault === "none") answered(arrived, pieces.length);
      return;
    }

    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: MODEL_ID, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    response.write(chunk({ role: "assistant", content: "" }));
    const stopAt = fault === "reset" || fault === "truncated" ? Math.floor(pieces.length * (0.2 + random() * 0.6)) : pieces.length;
    const started = performance.now();
    for (let i = 0; i < stopAt;) {
      if (response.destroyed) return; // the client went away
      // Send every token whose time has come, then wait for the next one: the rate holds at any speed.
      const due = Math.min(stopAt, Math.floor(((performance.now() - started) / 1000) * config.tokensPerSecond) + 1);
      if (due > i) {
        response.write(
          pieces
            .slice(i, due)
            .map((piece) => chunk(piece.reasoning ? { reasoning_content: piece.text } : { content: piece.text }))
            .join(""),
        );
        i = due;
      }
      if (i < stopAt) await sleep(Math.max(1, ((i + 1) / config.tokensPerSecond) * 1000 - (performance.now() - started)));
    }
    if (fault === "reset") {
      request.socket.destroy();
      return;
    }
    if (fault === "truncated") {
      response.end();
      return;
    }
    if (plan.finishReason) response.write(chunk({}, finish));
    if (body.stream_options?.include_usage && plan.usage) {
      response.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: MODEL_ID, choices: [], usage })}\n\n`);
    }
    response.end("data: [DONE]\n\n");
    if (fault === "none") answered(arrived, pieces.length);
  }

  const currentStats = (): ServerStats => ({ ...stats, maxInFlight, responseFormats: { ...responseFormats }, served: { ...served } });

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://model-server");
    if (config.apiKey && request.headers.authorization !== `Bearer ${config.apiKey}`) {
      sendJson(response, 401, {
        error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" },
      });
      return;
    }
    if (request.method === "GET" && (url.pathname === "/v1/models" || url.pathname === "/models")) {
      sendJson(response, 200, {
        object: "list",
        data: [{ id: MODEL_ID, object: "model", created: 0, owned_by: "rosetta (scripted: no language model inside)" }],
      });
      return;
    }
    if (request.method === "GET" && url.pathname === "/stats") {
      sendJson(response, 200, currentStats());
      return;
    }
    if (request.method === "POST" && (url.pathname === "/v1/chat/completions" || url.pathname === "/chat/completions")) {
      const arrived = performance.now();
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      response.once("close", () => (inFlight -= 1));
      let raw = "";
      request.setEncoding("utf8");
      request.on("data", (part: string) => (raw += part));
      request.on("end", () => {
        chatCompletions(request, response, raw, arrived).catch((error: Error) => {
          if (!response.headersSent)
            sendJson(response, 500, { error: { message: `Scripted model server bug: ${error.message}`, type: "server_error" } });
          else response.destroy();
        });
      });
      return;
    }
    sendJson(response, 404, {
      error: {
        message: `No route ${request.method} ${url.pathname}: this scripted server speaks GET /v1/models, POST /v1/chat/completions and GET /stats`,
        type: "invalid_request_error",
      },
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}/v1`,
    config,
    stats: currentStats,
    prompts: () => [...prompts],
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
