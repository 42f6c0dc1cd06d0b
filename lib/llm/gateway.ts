import "server-only";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Db } from "@/lib/db/client";
import { CallRecorder } from "@/lib/llm/accounting";
import { LANGUAGE_HEADER, ROLE_HEADER, TASK_HEADER, type AgentTask, type LlmRoleName } from "@/lib/llm/contracts";
import { LlmError, type LlmErrorKind } from "@/lib/llm/errors";
import type { Limiter } from "@/lib/llm/limiter";
import type { ResolvedEndpoint } from "@/lib/llm/profiles";
import { parseAnswer, repairMessage, splitReasoning, type AnswerContext, type Contract } from "@/lib/llm/parse";

/**
 * The one way Rosetta talks to a model: every role, every call. OpenAI's client does the protocol;
 * this adds what a long synthesis run needs: limits shared across processes, bounded retries with
 * backoff on the failures that deserve one, timeouts per phase, typed errors, structured output
 * with one repair round, and a row in llm_calls for every call.
 */

export interface Timeouts {
  /** From the request until the first token: covers connecting too (Node's fetch gives up connecting after 10 s). */
  firstTokenMs: number;
  /** Longest silence between two streamed chunks. */
  idleMs: number;
  /** The whole call, retries and waits included. */
  totalMs: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { firstTokenMs: 60_000, idleMs: 30_000, totalMs: 300_000 };
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

export interface CallOptions {
  role: LlmRoleName;
  task?: AgentTask;
  /** Pipeline stage, for accounting (seed, discussion, scoring, verification, dpo, connection-test…). */
  stage: string;
  language?: string;
  projectId?: string;
  /** The synthesis run the call belongs to, for the run's summary. */
  runId?: string;
  messages: ChatCompletionMessageParam[];
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** The sampling seed, where the endpoint supports one: N samples of one query differ by seed, reproducibly. */
  seed?: number;
  /** Stream, calling onToken with each piece of text as it arrives. Default: true. */
  stream?: boolean;
  onToken?: (delta: string) => void;
  signal?: AbortSignal;
  /** Overrides the gateway's retry policy for this call (e.g. 1 for a connection test). */
  maxAttempts?: number;
}

export interface CallResult {
  /** The answer, without the reasoning some models write before it. */
  text: string;
  /** What the model reasoned before answering (`reasoning_content`, or a <think> block in the text); never parsed as the answer. */
  reasoning: string | null;
  promptTokens: number;
  completionTokens: number;
  attempts: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  finishReason: string | null;
  /** The llm_calls row of this call; it is written in the background: await `recorded` before referencing it. */
  llmCallId: string;
  recorded: Promise<void>;
}

/** Where servers put a reasoning model's thoughts beside the answer (vLLM and DeepSeek: reasoning_content; OpenRouter and Ollama: reasoning). */
interface ReasoningFields {
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/** The answer without its reasoning, and the reasoning from both places a server may put it. */
function separateReasoning(content: string, channel: string): { text: string; reasoning: string | null } {
  const { answer, reasoning } = splitReasoning(content);
  const parts = [channel.trim(), reasoning?.trim() ?? ""].filter(Boolean);
  return { text: answer, reasoning: parts.length ? parts.join("\n\n") : null };
}

class AttemptFailure extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const seconds = headers?.get("retry-after");
  if (!seconds) return undefined;
  const asNumber = Number(seconds);
  if (Number.isFinite(asNumber)) return asNumber * 1000;
  const date = Date.parse(seconds);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Maps whatever an attempt threw to what it means for the caller. */
function classify(error: unknown, timedOut: string | undefined): AttemptFailure {
  if (error instanceof AttemptFailure) return error;
  if (timedOut) return new AttemptFailure("Timeout", timedOut);
  if (error instanceof APIError && error.status !== undefined) {
    const message = error.message;
    if (error.status === 429) return new AttemptFailure("RateLimited", message, retryAfterMs(error.headers));
    if (error.status === 401 || error.status === 403) return new AttemptFailure("AuthFailed", message);
    if (error.status === 400 && /context.length|maximum context|too many tokens|context_length_exceeded/i.test(`${message} ${(error as { code?: string }).code ?? ""}`)) {
      return new AttemptFailure("ContextTooLong", message);
    }
    if (error.status === 408) return new AttemptFailure("Timeout", message);
    if (error.status >= 500) return new AttemptFailure("EndpointDown", message, retryAfterMs(error.headers));
    // Any other 4xx (unknown model, bad parameters) will not get better by retrying.
    return new AttemptFailure(error.status === 404 ? "EndpointDown" : "BadOutput", message);
  }
  if (error instanceof APIConnectionTimeoutError) return new AttemptFailure("Timeout", "connection timed out");
  if (error instanceof APIConnectionError) return new AttemptFailure("EndpointDown", `connection failed: ${(error.cause as Error | undefined)?.message ?? error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  // A stream cut mid-way surfaces as a fetch/undici error: the endpoint went away.
  return new AttemptFailure("EndpointDown", `connection lost: ${message}`);
}

const NON_RETRYABLE: LlmErrorKind[] = ["AuthFailed", "ContextTooLong", "BadOutput"];

export interface GatewayOptions {
  db: Db;
  limiter: Limiter;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
}

export class Gateway {
  private readonly limiter: Limiter;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly clients = new Map<string, OpenAI>();
  private readonly accounting: CallRecorder;

  constructor({ db, limiter, timeouts, retry }: GatewayOptions) {
    this.limiter = limiter;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.retry = { ...DEFAULT_RETRY, ...retry };
    this.accounting = new CallRecorder(db);
  }

  private client(endpoint: ResolvedEndpoint): OpenAI {
    const key = `${endpoint.baseUrl}\u0000${endpoint.apiKey ?? ""}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new OpenAI({
        baseURL: endpoint.baseUrl,
        // Local servers (vLLM, Ollama, llama.cpp, the scripted one) take any key.
        apiKey: endpoint.apiKey ?? "not-needed",
        maxRetries: 0, // retries are ours: they share the limiter and the accounting
        timeout: this.timeouts.totalMs,
      });
      this.clients.set(key, client);
    }
    return client;
  }

  private async attempt(endpoint: ResolvedEndpoint, options: CallOptions, deadline: number): Promise<Omit<CallResult, "attempts" | "latencyMs" | "llmCallId" | "recorded">> {
    const controller = new AbortController();
    let timedOut: string | undefined;
    const timer = (ms: number, what: string) =>
      setTimeout(() => {
        timedOut = what;
        controller.abort(new Error(what));
      }, ms);
    const onAbort = () => controller.abort(options.signal!.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const started = performance.now();
    const total = timer(Math.max(1, deadline - Date.now()), `no complete answer within ${this.timeouts.totalMs} ms`);
    let phase = timer(this.timeouts.firstTokenMs, `no first token within ${this.timeouts.firstTokenMs} ms`);
    // The idle timer is re-armed lazily (when it fires early) rather than on every chunk: a long
    // answer streams thousands of chunks, and resetting a timer for each costs more than the check.
    let lastChunkAt = 0;
    const armIdle = (delay: number) => {
      phase = setTimeout(() => {
        const silent = performance.now() - lastChunkAt;
        if (silent < this.timeouts.idleMs) return armIdle(this.timeouts.idleMs - silent);
        timedOut = `the stream stalled for ${this.timeouts.idleMs} ms`;
        controller.abort(new Error(timedOut));
      }, delay);
    };
    const headers: Record<string, string> = { [ROLE_HEADER]: options.role };
    if (options.task) headers[TASK_HEADER] = options.task;
    if (options.language) headers[LANGUAGE_HEADER] = options.language;
    const request = {
      model: endpoint.model,
      messages: options.messages,
      temperature: options.temperature ?? endpoint.temperature ?? undefined,
      top_p: options.topP ?? endpoint.topP ?? undefined,
      max_tokens: options.maxTokens ?? endpoint.maxTokens ?? undefined,
      seed: options.seed,
    };
    try {
      if (options.stream === false) {
        const completion = await this.client(endpoint).chat.completions.create({ ...request, stream: false }, { signal: controller.signal, headers });
        const choice = completion.choices[0];
        if (!choice) throw new AttemptFailure("BadOutput", "the answer has no choices");
        const message = choice.message as typeof choice.message & ReasoningFields;
        return {
          ...separateReasoning(message.content ?? "", message.reasoning_content ?? message.reasoning ?? ""),
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          timeToFirstTokenMs: Math.round(performance.now() - started),
          finishReason: choice.finish_reason,
        };
      }
      const stream = await this.client(endpoint).chat.completions.create(
        { ...request, stream: true, stream_options: { include_usage: true } },
        { signal: controller.signal, headers },
      );
      let text = "";
      let reasoning = "";
      let firstTokenAt: number | null = null;
      let finishReason: string | null = null;
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      for await (const chunk of stream) {
        if (lastChunkAt === 0) {
          clearTimeout(phase);
          armIdle(this.timeouts.idleMs);
        }
        lastChunkAt = performance.now();
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices[0];
        if (!choice) continue;
        const fields = choice.delta as (typeof choice.delta & ReasoningFields) | undefined;
        const thought = fields?.reasoning_content ?? fields?.reasoning;
        if (thought) {
          firstTokenAt ??= performance.now();
          reasoning += thought;
        }
        const delta = choice.delta?.content;
        if (delta) {
          firstTokenAt ??= performance.now();
          text += delta;
          options.onToken?.(delta);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // A stream that ends without saying why was cut short: the text is incomplete.
      if (!finishReason) throw new AttemptFailure("EndpointDown", `the stream ended early, after ${text.length} characters`);
      return {
        ...separateReasoning(text, reasoning),
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? 0,
        timeToFirstTokenMs: firstTokenAt === null ? null : Math.round(firstTokenAt - started),
        finishReason,
      };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (error instanceof APIUserAbortError && !timedOut) throw error;
      throw classify(error, timedOut);
    } finally {
      clearTimeout(total);
      clearTimeout(phase);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  private backoff(attempt: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return exponential / 2 + Math.random() * (exponential / 2); // "equal jitter"
  }

  private record(endpoint: ResolvedEndpoint, options: CallOptions, outcome: { promptTokens: number; completionTokens: number; latencyMs: number; timeToFirstTokenMs: number | null; attempts: number; error?: LlmError }) {
    const cost =
      endpoint.inputPricePerMillion !== null && endpoint.outputPricePerMillion !== null
        ? (outcome.promptTokens * endpoint.inputPricePerMillion + outcome.completionTokens * endpoint.outputPricePerMillion) / 1_000_000
        : null;
    return this.accounting.record({
      projectId: options.projectId ?? null,
      runId: options.runId ?? null,
      endpointProfileId: endpoint.id,
      role: options.role.toUpperCase() as Uppercase<LlmRoleName>,
      model: endpoint.model,
      stage: options.stage,
      language: options.language ?? null,
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      latencyMs: outcome.latencyMs,
      timeToFirstTokenMs: outcome.timeToFirstTokenMs,
      attempts: outcome.attempts,
      errorCode: outcome.error?.kind ?? null,
      errorMessage: outcome.error?.message.slice(0, 2000) ?? null,
      costUsd: cost,
    });
  }

  /** One call, with retries; resolves to the text, or rejects with an LlmError (or the caller's abort reason). */
  async call(endpoint: ResolvedEndpoint, options: CallOptions): Promise<CallResult> {
    const started = Date.now();
    const deadline = started + this.timeouts.totalMs;
    const estimatedTokens = Math.ceil(JSON.stringify(options.messages).length / 4) + (options.maxTokens ?? endpoint.maxTokens ?? 512);
    let attempts = 0;
    for (;;) {
      attempts += 1;
      let failure: AttemptFailure;
      const release = await this.limiter.acquire(endpoint, { estimatedTokens, signal: options.signal });
      try {
        const result = await this.attempt(endpoint, options, deadline);
        await release(result.promptTokens + result.completionTokens);
        const latencyMs = Date.now() - started;
        const { id, written } = this.record(endpoint, options, { ...result, latencyMs, attempts });
        return { ...result, attempts, latencyMs, llmCallId: id, recorded: written };
      } catch (error) {
        await release(0);
        if (!(error instanceof AttemptFailure)) throw error; // the caller aborted
        failure = error;
      }
      const wait = failure.retryAfterMs ?? this.backoff(attempts);
      const outOfTime = Date.now() + wait >= deadline;
      if (NON_RETRYABLE.includes(failure.kind) || attempts >= (options.maxAttempts ?? this.retry.maxAttempts) || outOfTime) {
        const error = new LlmError(failure.kind, failure.message, { endpoint: endpoint.name, attempts });
        // Failed attempts report no usage; they are counted as attempts.
        this.record(endpoint, options, { promptTokens: 0, completionTokens: 0, latencyMs: Date.now() - started, timeToFirstTokenMs: null, attempts, error });
        throw error;
      }
      await sleep(wait, options.signal);
    }
  }

  /**
   * A call whose answer must match `schema` (JSON, fenced or not). On a mismatch the model gets one
   * more turn that shows it the validation error; after that, BadOutput with the raw text kept.
   */
  async callStructured<T>(endpoint: ResolvedEndpoint, contract: Contract<T>, options: CallOptions & { context?: AnswerContext }): Promise<{ value: T; result: CallResult }> {
    const first = await this.call(endpoint, options);
    const parsed = parseAnswer(first.text, contract, options.context);
    if (parsed.ok) return { value: parsed.value, result: first };
    const repair = await this.call(endpoint, {
      ...options,
      messages: [
        ...options.messages,
        { role: "assistant", content: first.text },
        { role: "user", content: repairMessage(contract as Contract<unknown>, parsed.error) },
      ],
    });
    const repaired = parseAnswer(repair.text, contract, options.context);
    if (repaired.ok) return { value: repaired.value, result: repair };
    throw new LlmError("BadOutput", `the answer did not match the expected JSON after a repair round: ${repaired.error}`, {
      endpoint: endpoint.name,
      attempts: first.attempts + repair.attempts,
      raw: repair.text,
    });
  }

  /** The model ids the endpoint lists (GET /models), through the same client. */
  async listModels(endpoint: ResolvedEndpoint, signal?: AbortSignal): Promise<string[]> {
    try {
      const models: string[] = [];
      for await (const model of this.client(endpoint).models.list({ signal: signal ?? AbortSignal.timeout(this.timeouts.firstTokenMs) })) models.push(model.id);
      return models;
    } catch (error) {
      const failure = classify(error, undefined);
      throw new LlmError(failure.kind, failure.message, { endpoint: endpoint.name, attempts: 1 });
    }
  }

  /** Writes the accounting rows still pending. Call before the process exits. */
  async close(): Promise<void> {
    await this.accounting.flush();
  }
}
