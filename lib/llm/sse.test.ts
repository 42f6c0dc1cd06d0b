import { _iterSSEMessages } from "openai/core/streaming";
import { describe, expect, it } from "vitest";
import { pick, seededRandom } from "@/lib/random";
import { SseReader } from "@/lib/llm/sse";

type Event = { data: string; event: string | null };

function read(chunks: string[]): Event[] {
  const events: Event[] = [];
  const reader = new SseReader((data, event) => events.push({ data, event }));
  for (const chunk of chunks) reader.push(chunk);
  return events;
}

/** What OpenAI's client reads from the same bytes, cut at the same places. */
async function readWithClient(chunks: string[]): Promise<Event[]> {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const events: Event[] = [];
  for await (const sse of _iterSSEMessages(new Response(body), new AbortController())) events.push({ data: sse.data, event: sse.event });
  return events;
}

/** A stream of events with data, in a random mix of what servers send, and cut at random places. */
function randomStream(random: () => number): string[] {
  const ends = ["\n", "\r\n", "\r"];
  const end = random() < 0.5 ? "\n" : pick(random, ends); // mostly one kind of line end per server
  const texts = ['{"choices":[{"delta":{"content":"de"}}]}', "a: b", " leading space", "ünïcødé ✓ 字", "", ":", "[DONE]"];
  let text = random() < 0.3 ? `: keep-alive${end}${end}` : "";
  for (let i = 0; i < 12; i++) {
    if (random() < 0.2) text += `event: ${pick(random, ["message", "error", "delta"])}${end}`;
    const lines = 1 + Math.floor(random() * 3);
    for (let line = 0; line < lines; line++) text += `data${random() < 0.8 ? ": " : ":"}${pick(random, texts)}${end}`;
    if (random() < 0.2) text += `: a comment${end}`;
    if (random() < 0.1) text += `id: ${i}${end}retry: 100${end}`;
    text += end;
  }
  const chunks: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(random() * 40);
    chunks.push(text.slice(at, at + size));
    at += size;
  }
  return chunks;
}

describe("SseReader", () => {
  it("reads what OpenAI's client reads, whatever the line ends and wherever the chunks are cut", async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const chunks = randomStream(seededRandom(seed));
      const events = read(chunks);
      expect(events.length).toBeGreaterThan(0);
      expect(events, `seed ${seed}`).toEqual(await readWithClient(chunks));
    }
  });

  it("joins data lines with newlines, ends a line at CR, CRLF or LF even when a chunk ends between CR and LF", () => {
    expect(read(["data: a\r", "\ndata: b\r", "\r", "data:c\n\n"])).toEqual([
      { data: "a\nb", event: null },
      { data: "c", event: null },
    ]);
  });

  it("keeps a line that arrives over many chunks whole", () => {
    const long = "x".repeat(10_000);
    const chunks = `data: ${long}\n\n`.match(/[\s\S]{1,7}/g)!;
    expect(read(chunks)).toEqual([{ data: long, event: null }]);
  });

  it("hands over nothing for an event without data, and drops an event the stream ends inside", () => {
    expect(read(["event: ping\n\n", ": comment\n\n", "data: whole\n\n", "data: cut"])).toEqual([{ data: "whole", event: null }]);
  });
});
