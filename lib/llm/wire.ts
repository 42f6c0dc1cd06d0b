import "server-only";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { MalformedStreamEvent, type ChatStream } from "@/lib/llm/chat-stream";
import type { LlmErrorKind } from "@/lib/llm/errors";
import { splitReasoning } from "@/lib/llm/parse";

/**
 * One request over the wire, as real servers answer it: streamed (lib/llm/chat-stream.ts) or not
 * (through OpenAI's client), under the first-token, idle and total timeouts, the reasoning (a
 * separate channel or a <think> block) kept apart from the answer, and whatever went wrong mapped to
 * an AttemptFailure whose kind says what it means for the caller (retry, correct the request, or
 * give up). The gateway (lib/llm/gateway.ts) decides what to do with it.
 */

export interface Timeouts {
  /** From the request until the first token: covers connecting too (Node's fetch gives up connecting after 10 s). */
  firstTokenMs: number;
  /** Longest silence between two streamed chunks. */
  idleMs: number;
  /** The whole call, retries and waits included. */
  totalMs: number;
}

/** What one request got: the answer, and the usage when the server sent it. */
export interface Attempted {
  text: string;
  reasoning: string | null;
  promptTokens: number;
  completionTokens: number;
  /** Whether the server sent usage (else the caller estimates it). */
  usage: boolean;
  timeToFirstTokenMs: number | null;
  finishReason: string | null;
}

export interface SendOptions {
  stream?: boolean;
  onToken?: (delta: string) => void;
  signal?: AbortSignal;
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

export class AttemptFailure extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

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
export function classify(error: unknown, timedOut: string | undefined): AttemptFailure {
  if (error instanceof AttemptFailure) return error;
  if (timedOut) return new AttemptFailure("Timeout", timedOut);
  if (error instanceof APIError && error.status !== undefined) {
    const message = error.message;
    if (error.status === 429) return new AttemptFailure("RateLimited", message, retryAfterMs(error.headers));
    if (error.status === 401 || error.status === 403) return new AttemptFailure("AuthFailed", message);
    if (
      error.status === 400 &&
      /context.length|maximum context|too many tokens|context_length_exceeded/i.test(
        `${message} ${(error as { code?: string }).code ?? ""}`,
      )
    ) {
      return new AttemptFailure("ContextTooLong", message);
    }
    if (error.status === 408) return new AttemptFailure("Timeout", message);
    if (error.status >= 500) return new AttemptFailure("EndpointDown", message, retryAfterMs(error.headers));
    // Any other 4xx (unknown model, bad parameters) will not get better by retrying the same request.
    return new AttemptFailure(error.status === 404 ? "EndpointDown" : "BadRequest", message);
  }
  if (error instanceof APIConnectionTimeoutError) return new AttemptFailure("Timeout", "connection timed out");
  if (error instanceof APIConnectionError)
    return new AttemptFailure("EndpointDown", `connection failed: ${(error.cause as Error | undefined)?.message ?? error.message}`);
  // Retried like a server error: a proxy or server that garbles one answer may send the next whole.
  if (error instanceof MalformedStreamEvent) return new AttemptFailure("EndpointDown", error.message);
  const message = error instanceof Error ? error.message : String(error);
  // A stream cut mid-way surfaces as a plain error (lib/llm/chat-stream.ts): the endpoint went away.
  return new AttemptFailure("EndpointDown", `connection lost: ${message}`);
}

/** One request; resolves to the answer, or rejects with an AttemptFailure (or the caller's abort reason). */
export async function sendOnce({
  client,
  stream,
  request,
  includeUsage,
  headers,
  options,
  timeouts,
  deadline,
}: {
  client: OpenAI;
  stream: ChatStream;
  request: Record<string, unknown>;
  includeUsage: boolean;
  headers: Record<string, string>;
  options: SendOptions;
  timeouts: Timeouts;
  deadline: number;
}): Promise<Attempted> {
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
  const total = timer(Math.max(1, deadline - Date.now()), `no complete answer within ${timeouts.totalMs} ms`);
  let phase = timer(timeouts.firstTokenMs, `no first token within ${timeouts.firstTokenMs} ms`);
  // The idle timer is re-armed lazily (when it fires early) rather than on every chunk: a long
  // answer streams thousands of chunks, and resetting a timer for each costs more than the check.
  let lastChunkAt = 0;
  const armIdle = (delay: number) => {
    phase = setTimeout(() => {
      const silent = performance.now() - lastChunkAt;
      if (silent < timeouts.idleMs) return armIdle(timeouts.idleMs - silent);
      timedOut = `the stream stalled for ${timeouts.idleMs} ms`;
      controller.abort(new Error(timedOut));
    }, delay);
  };
  const create = client.chat.completions.create.bind(client.chat.completions) as unknown as (
    body: Record<string, unknown>,
    init: { signal: AbortSignal; headers: Record<string, string> },
  ) => Promise<unknown>;
  try {
    if (options.stream === false) {
      const completion = (await create({ ...request, stream: false }, { signal: controller.signal, headers })) as ChatCompletion;
      const choice = completion.choices?.[0];
      if (!choice) throw new AttemptFailure("BadOutput", "the answer has no choices");
      const message = choice.message as typeof choice.message & ReasoningFields;
      return {
        ...separateReasoning(message.content ?? "", message.reasoning_content ?? message.reasoning ?? ""),
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        usage: completion.usage !== undefined && completion.usage !== null,
        timeToFirstTokenMs: Math.round(performance.now() - started),
        finishReason: choice.finish_reason ?? null,
      };
    }
    // Filled chunk by chunk from the callback below.
    const got: {
      text: string;
      reasoning: string;
      firstTokenAt: number | null;
      finishReason: string | null;
      usage?: { prompt_tokens: number; completion_tokens: number };
    } = { text: "", reasoning: "", firstTokenAt: null, finishReason: null };
    await stream.send({
      body: { ...request, stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) },
      headers,
      signal: controller.signal,
      onChunk: (chunk) => {
        if (lastChunkAt === 0) {
          clearTimeout(phase);
          armIdle(timeouts.idleMs);
        }
        lastChunkAt = performance.now();
        if (chunk.usage) got.usage = chunk.usage;
        const choice = chunk.choices?.[0];
        if (!choice) return;
        const fields = choice.delta as (typeof choice.delta & ReasoningFields) | undefined;
        const thought = fields?.reasoning_content ?? fields?.reasoning;
        if (thought) {
          got.firstTokenAt ??= performance.now();
          got.reasoning += thought;
        }
        const delta = fields?.content;
        if (delta) {
          got.firstTokenAt ??= performance.now();
          got.text += delta;
          options.onToken?.(delta);
        }
        if (choice.finish_reason) got.finishReason = choice.finish_reason;
      },
    });
    // A stream that ends cleanly ([DONE] or the connection closed in order) is the whole answer,
    // whether or not a finish_reason came: some servers never send one. A cut connection throws.
    return {
      ...separateReasoning(got.text, got.reasoning),
      promptTokens: got.usage?.prompt_tokens ?? 0,
      completionTokens: got.usage?.completion_tokens ?? 0,
      usage: got.usage !== undefined,
      timeToFirstTokenMs: got.firstTokenAt === null ? null : Math.round(got.firstTokenAt - started),
      finishReason: got.finishReason,
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
