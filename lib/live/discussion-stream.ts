import "server-only";
import type { Db } from "@/lib/db/client";
import { subscribeDiscussion } from "@/lib/live/hub";
import type { LiveEvent } from "@/lib/live/publisher";

/**
 * A discussion as Server-Sent Events, resumable: every stored turn is an event whose id is its seq;
 * a streaming turn's pieces carry `seq:offset` ids. On reconnect (Last-Event-ID) the stream replays
 * the stored turns after the last one the client had, then goes live. A client keeps, per turn, the
 * text it has: a `turn` event replaces it with the stored text, a `delta` is applied only when its
 * offset is where the client's text ends. So nothing is lost and nothing is doubled across reconnects.
 */

/** A stored turn as an event; `reasoning` only when the model reasoned before answering (shown folded, never as the answer). */
export type StreamTurn = { seq: number; round: number; kind: string; agentId: string | null; language: string | null; content: string; reasoning?: string; createdAt: string };

export function sseMessage(event: string, data: unknown, id?: string): string {
  return `${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The last turn the client had in full: "7" and "7:120" both mean turns up to 6 are complete. */
export function lastCompleteSeq(lastEventId: string | null): number {
  if (!lastEventId) return 0;
  const [seq, offset] = lastEventId.split(":");
  const n = Number(seq);
  if (!Number.isInteger(n) || n < 0) return 0;
  return offset === undefined ? n : n - 1;
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
  let buffered: LiveEvent[] | null = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let lastSeq = lastCompleteSeq(lastEventId);
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
  // Only the reasoning out of the payload: a prompt's payload repeats its whole text.
  const fetchTurns = async (after: number): Promise<StreamTurn[]> =>
    (
      await db.$queryRaw<(Omit<StreamTurn, "createdAt" | "reasoning"> & { createdAt: Date; reasoning: string | null })[]>`
        select seq, round, kind::text as kind, agent_id::text as "agentId", language, content, created_at as "createdAt", payload->>'reasoning' as reasoning
        from turns where discussion_id = ${discussionId}::uuid and seq > ${after} order by seq`
    ).map(({ reasoning, createdAt, ...turn }) => ({ ...turn, ...(reasoning ? { reasoning } : {}), createdAt: createdAt.toISOString() }));
  let chain = Promise.resolve();
  const onLive = (event: LiveEvent) => {
    if (buffered) return void buffered.push(event);
    // Turns are read from the table (the notification says only that one was stored), in order.
    chain = chain.then(async () => {
      if (event.type === "delta") {
        if (event.seq > lastSeq) write(sseMessage("delta", { seq: event.seq, offset: event.offset, text: event.text }, `${event.seq}:${event.offset + event.text.length}`));
      } else if (event.type === "turn") {
        for (const turn of await fetchTurns(lastSeq)) sendTurn(turn);
      } else {
        write(sseMessage("status", { status: event.status }));
      }
    });
  };
  const end = () => {
    try {
      controller.close(); // the browser reconnects with its Last-Event-ID and misses nothing
    } catch {
      // closed already
    }
  };
  // Listen first, then read what is stored: nothing can fall between the two.
  const unsubscribe = await subscribeDiscussion(databaseUrl, discussionId, { event: onLive, lost: () => void chain.then(end) });
  // Comments keep proxies from closing an idle stream.
  const keepAlive = setInterval(() => write(": keep-alive\n\n"), 15_000);
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
    const discussion = await db.discussion.findUniqueOrThrow({ where: { id: discussionId }, select: { status: true } });
    write("retry: 1000\n\n");
    write(sseMessage("status", { status: discussion.status }));
    for (const turn of await fetchTurns(lastSeq)) sendTurn(turn);
  } catch (error) {
    clearInterval(keepAlive);
    unsubscribe();
    throw error;
  }
  const early = buffered ?? [];
  buffered = null;
  for (const event of early) onLive(event);
  signal.addEventListener("abort", () => {
    clearInterval(keepAlive);
    unsubscribe();
    end();
  });
  return stream;
}
