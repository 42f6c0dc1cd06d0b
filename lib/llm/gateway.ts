import "server-only";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Db } from "@/lib/db/client";
import type { LlmRole } from "@/lib/db/generated/enums";
import { CallRecorder, estimateUsage, type LlmCallRecord, type LlmCallRow } from "@/lib/llm/accounting";
import { LANGUAGE_HEADER, ROLE_HEADER, TASK_HEADER, type AgentTask } from "@/lib/llm/contracts";
import { type LlmRoleName } from "@/lib/model-roles";
import { lessonFrom, EndpointQuirks } from "@/lib/llm/endpoint-quirks";
import { ChatStream } from "@/lib/llm/chat-stream";
import { LlmError, type LlmErrorKind } from "@/lib/llm/errors";
import type { Limiter } from "@/lib/llm/limiter";
import { ModelSlots } from "@/lib/llm/model-slots";
import { answerLimit, retryLimit } from "@/lib/llm/max-tokens";
import type { ResolvedEndpoint } from "@/lib/llm/profiles";
import { parseAnswer, repairMessage, type AnswerContext, type Contract, type Parsed } from "@/lib/llm/parse";
import { AttemptFailure, classify, sendOnce, type Attempted, type Timeouts } from "@/lib/llm/wire";
import {
  honoursFormat,
  PROBE_STAGE,
  probeRequest,
  responseFormatFor,
  weaker,
  type ResponseFormat,
  type WireMode,
} from "@/lib/llm/structured-output";

/**
 * The one way Rosetta talks to a model: every role, every call. OpenAI's client does the protocol;
 * this adds what a long synthesis run needs: limits shared across processes, bounded retries with
 * backoff on the failures that deserve one, timeouts per phase, typed errors, a row in llm_calls for
 * every call, and structured answers that survive real servers and models: `response_format` where
 * the server honours it (probed once), a token limit per role with one larger retry after a
 * truncated answer, reasoning kept apart, a tolerant parser and one repair round.
 */

export type { Timeouts } from "@/lib/llm/wire";

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
  /** The answer's token limit; by default the endpoint's, else the role's (lib/llm/max-tokens.ts). */
  maxTokens?: number;
  /** The sampling seed, where the endpoint supports one: N samples of one query differ by seed, reproducibly. */
  seed?: number;
  /** Stream, calling onToken with each piece of text as it arrives. Default: true. */
  stream?: boolean;
  /**
   * `attempt` numbers the requests of this call (1, 2, …): a retry, a corrected request, the larger
   * limit after a cut answer and the repair round each stream a new answer from its start, which
   * replaces the last attempt's text (the answer is the last attempt's).
   */
  onToken?: (delta: string, attempt: number) => void;
  signal?: AbortSignal;
  /** Overrides the gateway's retry policy for this call (e.g. 1 for a connection test). */
  maxAttempts?: number;
  /**
   * A durable step keeps the answer: the usable answer's llm_calls row is handed to it
   * (CallResult.row) to be written in the same transaction as the step, instead of behind.
   */
  recordWithStep?: boolean;
}

export interface CallResult {
  /** The answer, without the reasoning some models write before it. */
  text: string;
  /** What the model reasoned before answering (`reasoning_content`, or a <think> block in the text); never parsed as the answer. */
  reasoning: string | null;
  promptTokens: number;
  completionTokens: number;
  /** The server sent no usage: the tokens were counted here. */
  usageEstimated: boolean;
  attempts: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  finishReason: string | null;
  /** The llm_calls row of this call; it is written in the background: await `recorded` before referencing it. */
  llmCallId: string;
  recorded: Promise<void>;
  /** With `recordWithStep`: the row, not written yet; the step writes it with the answer (insertLlmCalls). */
  row?: LlmCallRecord;
}

/** What the server answered, before it is recorded. */
type Exchanged = Omit<CallResult, "llmCallId" | "recorded" | "row">;
type Sent = CallOptions & { responseFormat?: ResponseFormat; nextAttempt?: () => ((delta: string) => void) | undefined };

/** The call's token callback, told which request each piece comes from: one counter for all the call's requests. */
function numberAttempts<O extends CallOptions>(options: O): O & Pick<Sent, "nextAttempt"> {
  const { onToken } = options;
  let attempts = 0;
  return {
    ...options,
    nextAttempt: () => {
      const attempt = (attempts += 1);
      return onToken && ((delta: string) => onToken(delta, attempt));
    },
  };
}
/** What an llm_calls row says of an exchange. */
type Outcome = Pick<Exchanged, "promptTokens" | "completionTokens" | "latencyMs" | "timeToFirstTokenMs" | "attempts"> & {
  usageEstimated?: boolean;
  finishReason?: string | null;
  error?: LlmError;
  rawOutput?: string;
};

/** Whether the server stopped the answer at its token limit ("length"; "max_tokens" from some proxies of other APIs). */
function cutAtLimit(finishReason: string | null): boolean {
  return finishReason !== null && /^(length|max_tokens|max_output_tokens)$/i.test(finishReason);
}

/** The whole answer as the model wrote it, for llm_calls.raw_output when it could not be used. */
function rawOf(answer: { text: string; reasoning: string | null }): string {
  return (answer.reasoning ? `<think>\n${answer.reasoning}\n</think>\n${answer.text}` : answer.text).slice(0, 100_000);
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

const NON_RETRYABLE: LlmErrorKind[] = ["AuthFailed", "ContextTooLong", "BadOutput", "BadRequest", "Truncated"];
/** Corrections of a refused request (a parameter dropped or renamed, a smaller limit) per call, at most. */
const MAX_ADAPTATIONS = 4;
/** A limit fitted into a small context never goes below this: an answer needs room. */
const MIN_ANSWER_TOKENS = 256;

export interface GatewayOptions {
  db: Db;
  limiter: Limiter;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** A worker's jobs that talk to a model at once (none: no limit but the endpoint's). */
  slots?: ModelSlots;
}

export class Gateway {
  private readonly db: Db;
  private readonly limiter: Limiter;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly slots: ModelSlots;
  /** Per base URL and key: OpenAI's client, and the streamed chat completions that bypass its fetch (lib/llm/chat-stream.ts). */
  private readonly clients = new Map<string, { sdk: OpenAI; stream: ChatStream }>();
  private readonly accounting: CallRecorder;
  private readonly quirks = new EndpointQuirks();
  /** The structured-output mode each AUTO endpoint was found to honour, per base URL and model. */
  private readonly detected = new Map<string, Promise<WireMode>>();

  constructor({ db, limiter, timeouts, retry, slots }: GatewayOptions) {
    this.db = db;
    this.limiter = limiter;
    this.slots = slots ?? new ModelSlots(Infinity);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.retry = { ...DEFAULT_RETRY, ...retry };
    this.accounting = new CallRecorder(db);
  }

  private client(endpoint: ResolvedEndpoint): { sdk: OpenAI; stream: ChatStream } {
    const key = `${endpoint.baseUrl}\u0000${endpoint.apiKey ?? ""}`;
    let client = this.clients.get(key);
    if (!client) {
      const sdk = new OpenAI({
        baseURL: endpoint.baseUrl,
        // Local servers (vLLM, Ollama, llama.cpp, the scripted one) take any key.
        apiKey: endpoint.apiKey ?? "not-needed",
        maxRetries: 0, // retries are ours: they share the limiter and the accounting
        timeout: this.timeouts.totalMs,
      });
      client = { sdk, stream: new ChatStream(sdk) };
      this.clients.set(key, client);
    }
    return client;
  }

  /** The request as this endpoint wants it: what it refused before is left out or renamed. */
  private request(endpoint: ResolvedEndpoint, options: Sent) {
    const quirks = this.quirks.of(endpoint.id);
    const limit = options.maxTokens ?? endpoint.maxTokens ?? undefined;
    const request: Record<string, unknown> = { model: endpoint.model, messages: options.messages };
    const optional = {
      temperature: options.temperature ?? endpoint.temperature ?? undefined,
      top_p: options.topP ?? endpoint.topP ?? undefined,
      seed: options.seed,
    };
    for (const [name, value] of Object.entries(optional))
      if (value !== undefined && !quirks.omit.has(name as "seed")) request[name] = value;
    if (limit !== undefined) request[quirks.tokensParam] = limit;
    if (options.responseFormat) request.response_format = options.responseFormat;
    return { request, includeUsage: !quirks.omit.has("stream_options") };
  }

  private attempt(endpoint: ResolvedEndpoint, options: Sent, deadline: number): Promise<Attempted> {
    const headers: Record<string, string> = { [ROLE_HEADER]: options.role };
    if (options.task) headers[TASK_HEADER] = options.task;
    if (options.language) headers[LANGUAGE_HEADER] = options.language;
    const { request, includeUsage } = this.request(endpoint, options);
    const { sdk, stream } = this.client(endpoint);
    return sendOnce({
      client: sdk,
      stream,
      request,
      includeUsage,
      headers,
      options: { ...options, onToken: options.nextAttempt?.() },
      timeouts: this.timeouts,
      deadline,
    });
  }

  private backoff(attempt: number): number {
    const exponential = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return exponential / 2 + Math.random() * (exponential / 2); // "equal jitter"
  }

  private row(endpoint: ResolvedEndpoint, options: CallOptions, outcome: Outcome): LlmCallRow {
    const cost =
      endpoint.inputPricePerMillion !== null && endpoint.outputPricePerMillion !== null
        ? (outcome.promptTokens * endpoint.inputPricePerMillion + outcome.completionTokens * endpoint.outputPricePerMillion) / 1_000_000
        : null;
    return {
      projectId: options.projectId ?? null,
      runId: options.runId ?? null,
      endpointProfileId: endpoint.adHoc ? null : endpoint.id,
      role: options.role.toUpperCase() as LlmRole,
      model: endpoint.model,
      stage: options.stage,
      language: options.language ?? null,
      promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens,
      usageEstimated: outcome.usageEstimated ?? false,
      latencyMs: outcome.latencyMs,
      timeToFirstTokenMs: outcome.timeToFirstTokenMs,
      attempts: outcome.attempts,
      finishReason: outcome.finishReason ?? null,
      errorCode: outcome.error?.kind ?? null,
      errorMessage: outcome.error?.message.slice(0, 2000) ?? null,
      rawOutput: outcome.rawOutput ?? null,
      costUsd: cost,
    };
  }

  private record(endpoint: ResolvedEndpoint, options: CallOptions, outcome: Outcome) {
    return this.accounting.record(this.row(endpoint, options, outcome));
  }

  /**
   * One exchange with retries on transport failures, and corrections of a refused request; not
   * recorded when it gets an answer (the caller records it with its verdict), recorded when it fails.
   */
  private async exchange(endpoint: ResolvedEndpoint, options: Sent): Promise<Exchanged> {
    const started = Date.now();
    const deadline = started + this.timeouts.totalMs;
    let sent = options;
    let attempts = 0;
    let adaptations = 0;
    for (;;) {
      attempts += 1;
      let failure: AttemptFailure;
      const estimatedTokens = Math.ceil(JSON.stringify(sent.messages).length / 4) + (sent.maxTokens ?? endpoint.maxTokens ?? 512);
      const leave = await this.slots.enter(sent.signal);
      try {
        const release = await this.limiter.acquire(endpoint, { estimatedTokens, signal: sent.signal });
        try {
          const { usage, ...answer } = await this.attempt(endpoint, sent, deadline);
          const tokens = usage
            ? { promptTokens: answer.promptTokens, completionTokens: answer.completionTokens }
            : await estimateUsage(sent.messages, answer);
          await release(tokens.promptTokens + tokens.completionTokens);
          return { ...answer, ...tokens, usageEstimated: !usage, attempts, latencyMs: Date.now() - started };
        } catch (error) {
          await release(0);
          if (!(error instanceof AttemptFailure)) throw error; // the caller aborted
          failure = error;
        }
      } finally {
        leave(); // not held through a retry's wait
      }
      if ((failure.kind === "BadRequest" || failure.kind === "ContextTooLong") && adaptations < MAX_ADAPTATIONS) {
        const corrected = this.correct(endpoint, sent, failure);
        if (corrected) {
          adaptations += 1;
          attempts -= 1; // a corrected request is not a retry of the same one
          sent = corrected;
          continue;
        }
      }
      const wait = failure.retryAfterMs ?? this.backoff(attempts);
      const outOfTime = Date.now() + wait >= deadline;
      if (NON_RETRYABLE.includes(failure.kind) || attempts >= (options.maxAttempts ?? this.retry.maxAttempts) || outOfTime) {
        const error = new LlmError(failure.kind, failure.message, { endpoint: endpoint.name, attempts });
        // Failed attempts report no usage; they are counted as attempts.
        this.record(endpoint, options, {
          promptTokens: 0,
          completionTokens: 0,
          latencyMs: Date.now() - started,
          timeToFirstTokenMs: null,
          attempts,
          error,
        });
        throw error;
      }
      await sleep(wait, options.signal);
    }
  }

  /** The request corrected after the endpoint refused it, or undefined when the refusal says nothing we can fix. */
  private correct(endpoint: ResolvedEndpoint, sent: Sent, failure: AttemptFailure): Sent | undefined {
    const lesson = lessonFrom(failure.message, { contextTooLong: failure.kind === "ContextTooLong" });
    if (!lesson) return undefined;
    if (lesson.kind === "param") return this.quirks.learnParam(endpoint.id, lesson.change) ? sent : undefined;
    if (lesson.kind === "response_format") return undefined; // the structured call decides (a weaker mode, or a clear error)
    // The answer's limit does not fit beside the prompt in the model's context: fit it, if room is left.
    const limit = sent.maxTokens ?? endpoint.maxTokens;
    if (limit === null || limit === undefined) return undefined;
    if (lesson.contextLength) this.quirks.learnContext(endpoint.id, lesson.contextLength);
    const fitted = lesson.contextLength && lesson.promptTokens ? lesson.contextLength - lesson.promptTokens - 16 : Math.floor(limit / 2);
    return fitted >= MIN_ANSWER_TOKENS && fitted < limit ? { ...sent, maxTokens: fitted } : undefined;
  }

  /** The limit to ask for, within what this endpoint's context was found to hold. */
  private fit(endpoint: ResolvedEndpoint, options: CallOptions, limit: number): number {
    const context = this.quirks.of(endpoint.id).contextLength;
    if (!context) return limit;
    const prompt = Math.ceil(JSON.stringify(options.messages).length / 3);
    return Math.max(MIN_ANSWER_TOKENS, Math.min(limit, context - prompt));
  }

  /** One call, with retries; resolves to the text, or rejects with an LlmError (or the caller's abort reason). */
  async call(endpoint: ResolvedEndpoint, options: CallOptions): Promise<CallResult> {
    return this.usable(endpoint, options, await this.exchange(endpoint, numberAttempts(options)));
  }

  /**
   * A call whose answer must meet `contract`. The endpoint's structured-output mode shapes the
   * request; an answer cut at its token limit is asked again once with a larger one; the answer is
   * read by the tolerant parser; on a mismatch the model gets one more turn that shows it the exact
   * problem and the expected shape. Every exchange is an llm_calls row, an unusable one with its
   * error code and raw output. Fails with Truncated or BadOutput (raw text kept).
   */
  async callStructured<T>(
    endpoint: ResolvedEndpoint,
    contract: Contract<T>,
    call: CallOptions & { context?: AnswerContext },
  ): Promise<{ value: T; result: CallResult }> {
    const options = numberAttempts(call);
    let mode = await this.wireMode(endpoint, options);
    let refusals = 0;
    for (;;) {
      try {
        return await this.structured(endpoint, contract, { ...options, responseFormat: responseFormatFor(mode, contract) });
      } catch (error) {
        // A server that accepted the probe but refuses this contract's schema: one step down, remembered.
        const refused =
          error instanceof LlmError &&
          error.kind === "BadRequest" &&
          mode !== "NONE" &&
          lessonFrom(error.message, { contextTooLong: false })?.kind === "response_format";
        if (!refused) throw error;
        if (endpoint.structuredOutput !== "AUTO" || refusals >= 2) {
          throw new LlmError(
            "BadRequest",
            `${error.message} (the endpoint refuses response_format ${mode.toLowerCase()}: set its structured output to auto or none)`,
            { endpoint: endpoint.name, attempts: error.attempts },
          );
        }
        refusals += 1;
        mode = await this.remember(endpoint, weaker(mode));
      }
    }
  }

  private async structured<T>(
    endpoint: ResolvedEndpoint,
    contract: Contract<T>,
    options: Sent & { context?: AnswerContext },
  ): Promise<{ value: T; result: CallResult }> {
    let limit = this.fit(endpoint, options, answerLimit(endpoint, options.role, options.maxTokens));
    let attempts = 0;
    const ask = async (messages: ChatCompletionMessageParam[]) => {
      let answer = await this.exchange(endpoint, { ...options, messages, maxTokens: limit });
      attempts += answer.attempts;
      if (cutAtLimit(answer.finishReason)) {
        const larger = retryLimit(endpoint, limit);
        const cut = `the answer was cut at its limit of ${limit} tokens (finish_reason "length")`;
        this.unusable(endpoint, options, answer, new LlmError("Truncated", cut, { endpoint: endpoint.name, attempts }));
        if (larger === undefined)
          throw new LlmError("Truncated", `${cut}, the most this endpoint allows: raise its max output tokens`, {
            endpoint: endpoint.name,
            attempts,
            raw: rawOf(answer),
          });
        limit = larger;
        answer = await this.exchange(endpoint, { ...options, messages, maxTokens: limit });
        attempts += answer.attempts;
        if (cutAtLimit(answer.finishReason)) {
          const error = new LlmError("Truncated", `${cut}, and again at ${limit} tokens`, {
            endpoint: endpoint.name,
            attempts,
            raw: rawOf(answer),
          });
          this.unusable(endpoint, options, answer, error);
          throw error;
        }
      }
      const parsed: Parsed<T> = parseAnswer(answer.text, contract, options.context);
      return { answer, parsed };
    };

    const first = await ask(options.messages);
    if (first.parsed.ok) return { value: first.parsed.value, result: this.usable(endpoint, options, first.answer) };
    this.unusable(endpoint, options, first.answer, new LlmError("BadOutput", first.parsed.error, { endpoint: endpoint.name, attempts }));
    const repair = await ask([
      ...options.messages,
      { role: "assistant", content: first.answer.text },
      { role: "user", content: repairMessage(contract as Contract<unknown>, first.parsed.error) },
    ]);
    if (repair.parsed.ok) return { value: repair.parsed.value, result: this.usable(endpoint, options, repair.answer) };
    const error = new LlmError("BadOutput", `the answer did not match the expected JSON after a repair round: ${repair.parsed.error}`, {
      endpoint: endpoint.name,
      attempts,
      raw: rawOf(repair.answer),
    });
    this.unusable(endpoint, options, repair.answer, error);
    throw error;
  }

  /** An answer that was used: its row (written behind, or handed to the step that keeps the answer), and the result that references it. */
  private usable(endpoint: ResolvedEndpoint, options: CallOptions, answer: Exchanged): CallResult {
    if (options.recordWithStep) {
      const row = this.accounting.prepare(this.row(endpoint, options, answer));
      return { ...answer, llmCallId: row.id, recorded: Promise.resolve(), row };
    }
    const { id, written } = this.record(endpoint, options, answer);
    return { ...answer, llmCallId: id, recorded: written };
  }

  /** An answer that was paid for and could not be used: its row says why and keeps it. */
  private unusable(endpoint: ResolvedEndpoint, options: CallOptions, answer: Exchanged, error: LlmError): void {
    this.record(endpoint, options, { ...answer, error, rawOutput: rawOf(answer) });
  }

  /** The mode an endpoint's calls use: its own, or for AUTO what the probe found (probed once, remembered on the profile). */
  private wireMode(endpoint: ResolvedEndpoint, options: CallOptions): Promise<WireMode> {
    if (endpoint.structuredOutput !== "AUTO") return Promise.resolve(endpoint.structuredOutput);
    const key = `${endpoint.id}\u0000${endpoint.baseUrl}\u0000${endpoint.model}`;
    let known = this.detected.get(key);
    if (!known) {
      const stored = endpoint.structuredOutputDetected;
      known = stored && stored !== "AUTO" ? Promise.resolve(stored) : this.probe(endpoint, options);
      this.detected.set(key, known);
      known.catch(() => this.detected.delete(key));
    }
    return known;
  }

  /** Asks for a schema, then for any JSON object: the first the server holds the model to is the mode. */
  private async probe(endpoint: ResolvedEndpoint, options: CallOptions): Promise<WireMode> {
    for (const mode of ["JSON_SCHEMA", "JSON_OBJECT"] as const) {
      const { messages, responseFormat } = probeRequest(mode);
      const probe: Sent = {
        role: options.role,
        stage: PROBE_STAGE,
        projectId: options.projectId,
        runId: options.runId,
        messages,
        responseFormat,
        stream: false,
        maxTokens: 1024,
        maxAttempts: 2,
        signal: options.signal,
      };
      try {
        const answer = await this.exchange(endpoint, probe);
        this.record(endpoint, probe, answer);
        if (honoursFormat(mode, answer.text)) return this.remember(endpoint, mode);
      } catch (error) {
        if (error instanceof LlmError && error.kind === "BadRequest") continue; // refused: try the next mode down
        throw error;
      }
    }
    return this.remember(endpoint, "NONE");
  }

  private async remember(endpoint: ResolvedEndpoint, mode: WireMode): Promise<WireMode> {
    this.detected.set(`${endpoint.id}\u0000${endpoint.baseUrl}\u0000${endpoint.model}`, Promise.resolve(mode));
    await this.db.endpointProfile.updateMany({
      where: { id: endpoint.id, structuredOutput: "AUTO" },
      data: { structuredOutputDetected: mode, structuredOutputProbedAt: new Date() },
    });
    return mode;
  }

  /** The model ids the endpoint lists (GET /models), through the same client. */
  async listModels(endpoint: ResolvedEndpoint, signal?: AbortSignal): Promise<string[]> {
    try {
      const models: string[] = [];
      for await (const model of this.client(endpoint).sdk.models.list({
        signal: signal ?? AbortSignal.timeout(this.timeouts.firstTokenMs),
      }))
        models.push(model.id);
      return models;
    } catch (error) {
      const failure = classify(error, undefined);
      throw new LlmError(failure.kind, failure.message, { endpoint: endpoint.name, attempts: 1 });
    }
  }

  /** The structured-output mode the endpoint's calls use (probing an AUTO endpoint if it was not yet). */
  async structuredOutputMode(endpoint: ResolvedEndpoint): Promise<WireMode> {
    return this.wireMode(endpoint, { role: "agent", stage: PROBE_STAGE, messages: [] });
  }

  /** Writes the accounting rows still pending and closes the connections kept open. Call before the process exits. */
  async close(): Promise<void> {
    await this.accounting.flush();
    for (const { stream } of this.clients.values()) stream.close();
  }
}
