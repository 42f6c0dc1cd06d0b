import "server-only";
import type { Db } from "@/lib/db/client";
import { promptText, type Messages } from "@/lib/agents/prompts";
import { subscribeDiscussion } from "@/lib/live/hub";
import type { LiveEvent } from "@/lib/live/publisher";

/**
 * A discussion as Server-Sent Events, resumable: every stored turn is an event whose id is its seq;
 * a streaming turn's pieces carry `seq:attempt:end` ids. On connect, on reconnect (Last-Event-ID) and
 * whenever the process listens again after losing its connection, the stream sends the stored turns
 * after the last one the client had, then what the turns being written have streamed so far (from
 * live_texts: from where the client's text ends when its last id says so, else whole), then goes
 * live. A client keeps, per turn, the text it has (lib/live/turn-text.ts): a `turn` event replaces
 * it with the stored text, a later attempt's delta replaces an earlier attempt's text, and a delta
 * adds only what lies past the client's text. So nothing is lost and nothing is doubled.
 */

/** A stored turn as an event; `reasoning` only when the model reasoned before answering (shown folded, never as the answer). */
export type StreamTurn = {
  seq: number;
  round: number;
  kind: string;
  agentId: string | null;
  language: string | null;
  content: string;
  reasoning?: string;
  createdAt: string;
};

/** A piece of a turn being written, as sent to the client. */
export type StreamDelta = { seq: number; attempt: number; offset: number; text: string };

export function sseMessage(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Where a client's stream stopped: the turns it had in full, and how much of the next one's attempt. */
export interface Cursor {
  complete: number;
  partial?: { seq: number; attempt: number; end: number };
}

/** Reads a Last-Event-ID: "7" (turn 7 stored), "8:2:120" (120 characters of turn 8's attempt 2), "8:120" (an older client's piece id). */
export function parseCursor(lastEventId: string | null): Cursor {
  const [seq, ...rest] = (lastEventId ?? "").split(":").map(Number);
  if (!lastEventId || !Number.isInteger(seq) || seq! < 0 || !rest.every((n) => Number.isInteger(n) && n >= 0)) return { complete: 0 };
  if (rest.length === 0) return { complete: seq! };
  const complete = Math.max(0, seq! - 1);
  return rest.length === 2 ? { complete, partial: { seq: seq!, attempt: rest[0]!, end: rest[1]! } } : { complete };
}

/** The last turn the client had in full: "7" and "8:2:120" both mean turns up to 7 are complete. */
export function lastCompleteSeq(lastEventId: string | null): number {
  return parseCursor(lastEventId).complete;
}

function deltaMessage(delta: StreamDelta): string {
  return sseMessage("delta", delta, `${delta.seq}:${delta.attempt}:${delta.offset + delta.text.length}`);
}

export async function discussionStream({
  db,
  databaseUrl,
  discussionId,
  lastEventId,
  signal,
}: {
  db: Db;
  databaseUrl: string;
  discussionId: string;
  lastEventId: string | null;
  signal: AbortSignal;
}): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  let buffered: (LiveEvent | "resync")[] | null = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const cursor = parseCursor(lastEventId);
  let lastSeq = cursor.complete;
  const write = (text: string) => {
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      // the client went away
    }
  };
  const sendTurn = (turn: StreamTurn) => {
    if (turn.seq <= lastSeq) return;
    lastSeq = turn.seq;
    write(sseMessage("turn", turn, String(turn.seq)));
  };
  // Only the reasoning out of the payload; a PROMPT turn's text is its messages (stored once in prompts), rendered.
  const fetchTurns = async (after: number): Promise<StreamTurn[]> =>
    (
      await db.$queryRaw<
        (Omit<StreamTurn, "createdAt" | "reasoning"> & { createdAt: Date; reasoning: string | null; messages: Messages | null })[]
      >`
        select t.seq, t.round, t.kind::text as kind, t.agent_id::text as "agentId", t.language, t.content, t.created_at as "createdAt",
               t.payload->>'reasoning' as reasoning, p.messages
        from turns t left join prompts p on p.id = t.prompt_id
        where t.discussion_id = ${discussionId}::uuid and t.seq > ${after} order by t.seq`
    ).map(({ reasoning, createdAt, messages, content, ...turn }) => ({
      ...turn,
      content: messages ? promptText(messages) : content,
      ...(reasoning ? { reasoning } : {}),
      createdAt: createdAt.toISOString(),
    }));
  // The client's own text of a streaming turn is only known from its last id, once: later catch-ups send whole texts.
  let partial = cursor.partial;
  /** Status, the turns stored since the client's last, and what the turns being written have so far. */
  const catchUp = async () => {
    const discussion = await db.discussion.findUniqueOrThrow({ where: { id: discussionId }, select: { status: true } });
    write(sseMessage("status", { status: discussion.status }));
    for (const turn of await fetchTurns(lastSeq)) sendTurn(turn);
    const live = await db.$queryRaw<{ seq: number; attempt: number; text: string }[]>`
      select seq, attempt, text from live_texts where discussion_id = ${discussionId}::uuid and seq > ${lastSeq} order by seq`;
    for (const { seq, attempt, text } of live) {
      const from = partial && partial.seq === seq && partial.attempt === attempt && partial.end <= text.length ? partial.end : 0;
      if (from < text.length) write(deltaMessage({ seq, attempt, offset: from, text: text.slice(from) }));
    }
    partial = undefined;
  };
  const end = () => {
    try {
      controller.close(); // the browser reconnects with its Last-Event-ID and misses nothing
    } catch {
      // closed already
    }
  };
  let chain = Promise.resolve();
  const onLive = (event: LiveEvent | "resync") => {
    if (buffered) return void buffered.push(event);
    // Turns are read from the table (the notification says only that one was stored), in order.
    chain = chain
      .then(async () => {
        if (event === "resync") await catchUp();
        else if (event.type === "delta") {
          if (event.seq > lastSeq) write(deltaMessage({ seq: event.seq, attempt: event.attempt, offset: event.offset, text: event.text }));
        } else if (event.type === "turn") {
          for (const turn of await fetchTurns(lastSeq)) sendTurn(turn);
        } else {
          write(sseMessage("status", { status: event.status }));
        }
      })
      .catch(stop); // the database went away mid-read: the browser reconnects and catches up then
  };
  // Listen first, then read what is stored: nothing can fall between the two.
  const unsubscribe = await subscribeDiscussion(databaseUrl, discussionId, { event: onLive, resync: () => onLive("resync") });
  // Comments keep proxies from closing an idle stream.
  const keepAlive = setInterval(() => write(": keep-alive\n\n"), 15_000);
  function stop() {
    clearInterval(keepAlive);
    unsubscribe();
    end();
  }
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      clearInterval(keepAlive);
      unsubscribe();
    },
  });
  try {
    write("retry: 1000\n\n");
    await catchUp();
  } catch (error) {
    clearInterval(keepAlive);
    unsubscribe();
    throw error;
  }
  const early = buffered ?? [];
  buffered = null;
  for (const event of early) onLive(event);
  signal.addEventListener("abort", stop);
  return stream;
}
