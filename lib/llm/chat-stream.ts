import "server-only";
import http from "node:http";
import https from "node:https";
import type OpenAI from "openai";
import { APIConnectionError, APIError } from "openai";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { SseReader } from "@/lib/llm/sse";

/**
 * A streamed chat completion over node:http, for the one request a synthesis run makes thousands
 * of times a minute. OpenAI's client streams through fetch: web streams, an async generator per
 * layer and a copy of the buffered bytes per line cost ≈ 55–70 µs of CPU per streamed token, this
 * ≈ 28–42 (8 answers of ≈ 180 tokens at once, 400 tokens/s each; `npm run bench:gateway` compares
 * the two per call), and a real server sends one token per event. The client still decides what
 * it decides for every other request: the URL, the key and the headers are read from it, and a
 * refusal becomes the same APIError it would have thrown, so what the gateway learns from it
 * (lib/llm/wire.ts classify) is unchanged.
 */

/** How long a new connection may take to open; Node's fetch, which this replaces, gives up after 10 s too. */
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_CONNECTION_MS = 4_000;

/** A stream event that is not JSON: the server broke the protocol (not a lost connection, not the model's text). */
export class MalformedStreamEvent extends Error {
  override name = "MalformedStreamEvent";
}

function parseEvent(data: string): ChatCompletionChunk & { error?: unknown } {
  try {
    return JSON.parse(data) as ChatCompletionChunk & { error?: unknown };
  } catch {
    throw new MalformedStreamEvent(`the stream sent an event that is not JSON: ${JSON.stringify(data.slice(0, 200))}`);
  }
}

export class ChatStream {
  private readonly url: URL;
  private readonly transport: typeof http | typeof https;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;

  constructor(client: OpenAI) {
    this.url = new URL(client.buildURL("/chat/completions", undefined));
    this.transport = this.url.protocol === "https:" ? https : http;
    // Connections kept open between calls, as fetch keeps them (an idle one does not hold the
    // process), and closed after 4 s idle, as fetch closes them: before a server closes its end
    // (uvicorn, under vLLM, after 5 s), which would fail the next request sent on it. The timeout
    // closes only idle connections; a request in flight has its own timers (lib/llm/wire.ts).
    this.agent = new this.transport.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
    this.headers = {
      accept: "application/json",
      "content-type": "application/json",
      "user-agent": "rosetta",
      ...(client.apiKey ? { authorization: `Bearer ${client.apiKey}` } : {}),
      ...(client.organization ? { "openai-organization": client.organization } : {}),
      ...(client.project ? { "openai-project": client.project } : {}),
    };
  }

  /**
   * Sends the request and hands each chunk of the answer to `onChunk` as it arrives; resolves when
   * the stream ends in order ([DONE] or the connection closed cleanly), rejects with what the
   * client would have thrown: an APIError for a refusal or an error event, an APIConnectionError
   * when no connection opened, an Error when the connection was lost mid-answer, or the abort.
   */
  send({
    body,
    headers,
    signal,
    onChunk,
  }: {
    body: Record<string, unknown>;
    headers: Record<string, string>;
    signal: AbortSignal;
    onChunk: (chunk: ChatCompletionChunk) => void;
  }): Promise<void> {
    const payload = JSON.stringify(body);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let answered = false;
      const settle = (error?: unknown) => {
        if (settled) return;
        settled = true;
        if (error === undefined) return resolve();
        request.destroy();
        reject(error);
      };
      const request = this.transport.request(
        this.url,
        {
          method: "POST",
          agent: this.agent,
          signal,
          headers: { ...this.headers, ...headers, "content-length": String(Buffer.byteLength(payload)) },
        },
        (response) => {
          answered = true;
          response.setEncoding("utf8");
          response.on("error", settle);
          // A connection cut mid-answer: the answer is not whole, whatever came of it.
          response.on("close", () => settle(response.complete ? undefined : new Error("terminated")));
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            let text = "";
            response.on("data", (piece: string) => (text += piece));
            response.on("end", () => settle(refusal(status, text, response.headers)));
            return;
          }
          let done = false;
          const reader = new SseReader((data) => {
            if (done) return;
            if (data.startsWith("[DONE]")) {
              done = true;
              return;
            }
            const chunk = parseEvent(data);
            if (chunk?.error) throw new APIError(undefined, chunk.error as object, undefined, headersOf(response.headers));
            onChunk(chunk);
          });
          response.on("data", (piece: string) => {
            if (settled) return;
            try {
              reader.push(piece);
            } catch (error) {
              settle(error);
            }
          });
          response.on("end", () => settle());
        },
      );
      // Before an answer began, no connection could be used; after, it was lost (the response says so too).
      request.on("error", (error) => settle(signal.aborted || answered ? error : new APIConnectionError({ cause: error })));
      request.once("socket", (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(
          () => request.destroy(new Error(`Connect Timeout Error (attempted for ${CONNECT_TIMEOUT_MS} ms)`)),
          CONNECT_TIMEOUT_MS,
        );
        const clear = () => clearTimeout(timer);
        socket.once("connect", clear);
        socket.once("close", clear);
      });
      request.end(payload);
    });
  }

  /** Closes the connections kept open. */
  close(): void {
    this.agent.destroy();
  }
}

function headersOf(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** A refused request as OpenAI's client reports it: the JSON body's `error`, else the body's text. */
function refusal(status: number, text: string, raw: http.IncomingHttpHeaders): APIError {
  let json: object | undefined;
  try {
    json = JSON.parse(text) as object;
  } catch {
    json = undefined;
  }
  return APIError.generate(status, json, json ? undefined : text, headersOf(raw));
}
