import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LANGUAGE_HEADER, ROLE_HEADER, TASK_HEADER } from "@/lib/llm/contracts";

/** What the proxy sees of a chat request, to decide whether to spoil it. */
export interface ProxiedRequest {
  role?: string;
  task?: string;
  language?: string;
  /** The parsed JSON body (messages, seed, temperature, …). */
  body: { messages?: { role: string; content: unknown }[]; seed?: number; [key: string]: unknown };
  /** Every message's text, joined: for matching on what the prompt says. */
  text: string;
}

export interface RunningJunkProxy {
  url: string;
  /** Requests answered with junk so far. */
  junked(): number;
  close(): Promise<void>;
}

const JUNK = "I am sorry, I cannot answer in that format. Here is some prose instead of the JSON you asked for.";

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * An OpenAI-compatible endpoint in front of another (the scripted model server) that answers
 * chosen chat requests with prose instead of JSON, as a real model sometimes does, and forwards
 * everything else untouched. The gateway's repair round carries the same headers and prompt, so a
 * spoiled request stays spoiled after repair: the caller sees BadOutput.
 */
export async function startJunkProxy({
  target,
  junk,
}: {
  target: string;
  junk: (request: ProxiedRequest) => boolean;
}): Promise<RunningJunkProxy> {
  const upstream = new URL(target.endsWith("/") ? target : `${target}/`);
  let junked = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      let body: ProxiedRequest["body"] | undefined;
      try {
        body = request.method === "POST" ? (JSON.parse(raw.toString("utf8")) as ProxiedRequest["body"]) : undefined;
      } catch {
        body = undefined;
      }
      const text = (body?.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
      if (
        body &&
        request.url?.endsWith("/chat/completions") &&
        junk({
          role: header(request.headers, ROLE_HEADER),
          task: header(request.headers, TASK_HEADER),
          language: header(request.headers, LANGUAGE_HEADER),
          body,
          text,
        })
      ) {
        junked += 1;
        const created = Math.floor(Date.now() / 1000);
        const usage = {
          prompt_tokens: Math.ceil(text.length / 4),
          completion_tokens: Math.ceil(JUNK.length / 4),
          total_tokens: Math.ceil(text.length / 4) + Math.ceil(JUNK.length / 4),
        };
        if (!body.stream) {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(
            JSON.stringify({
              id: `junk-${junked}`,
              object: "chat.completion",
              created,
              model: body.model,
              choices: [{ index: 0, message: { role: "assistant", content: JUNK }, finish_reason: "stop" }],
              usage,
            }),
          );
          return;
        }
        const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
          `data: ${JSON.stringify({ id: `junk-${junked}`, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        response.write(chunk({ role: "assistant", content: "" }) + chunk({ content: JUNK }) + chunk({}, "stop"));
        response.end(
          `data: ${JSON.stringify({ id: `junk-${junked}`, object: "chat.completion.chunk", created, model: body.model, choices: [], usage })}\n\ndata: [DONE]\n\n`,
        );
        return;
      }
      const forward = httpRequest(
        new URL((request.url ?? "/").replace(/^\/v1\//, "").replace(/^\//, ""), upstream),
        { method: request.method, headers: { ...request.headers, host: upstream.host, "content-length": String(raw.length) } },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forward.on("error", () => response.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    junked: () => junked,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
