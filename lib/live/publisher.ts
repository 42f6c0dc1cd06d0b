import "server-only";
import type { Db } from "@/lib/db/client";

/**
 * Live events of discussions, over PostgreSQL NOTIFY so that any web server sees what any worker
 * streams. Token deltas are batched (one notification per turn every FLUSH_MS) to keep a busy
 * worker's NOTIFY rate low; the final text is on the turn row, so a lost delta costs nothing.
 */

export const LIVE_CHANNEL = "rosetta_live";
const FLUSH_MS = 50;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_CHARS = 2_000;

export type LiveEvent =
  /** `offset`: how many characters of the turn came before this piece (a client drops what it has). */
  | { type: "delta"; discussionId: string; seq: number; offset: number; text: string }
  | { type: "turn"; discussionId: string; seq: number; kind: string }
  | { type: "status"; discussionId: string; status: string };

export class LivePublisher {
  private pending = new Map<string, { discussionId: string; seq: number; text: string }>();
  /** Characters published so far per streaming turn. */
  private sent = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /** A piece of a turn's text as it streams. */
  delta(discussionId: string, seq: number, text: string): void {
    const key = `${discussionId}:${seq}`;
    const entry = this.pending.get(key);
    if (entry) entry.text += text;
    else this.pending.set(key, { discussionId, seq, text });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** A turn was stored, or a discussion changed status: sent at once, after the deltas before it. */
  event(event: Exclude<LiveEvent, { type: "delta" }>): void {
    this.flush();
    if (event.type === "turn") this.sent.delete(`${event.discussionId}:${event.seq}`);
    if (event.type === "status") for (const key of this.sent.keys()) if (key.startsWith(`${event.discussionId}:`)) this.sent.delete(key);
    this.send([event]);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.size) return;
    const events: LiveEvent[] = [];
    for (const [key, { discussionId, seq, text }] of this.pending) {
      const before = this.sent.get(key) ?? 0;
      for (let i = 0; i < text.length; i += MAX_PAYLOAD_CHARS) events.push({ type: "delta", discussionId, seq, offset: before + i, text: text.slice(i, i + MAX_PAYLOAD_CHARS) });
      this.sent.set(key, before + text.length);
    }
    this.pending.clear();
    this.send(events);
  }

  private send(events: LiveEvent[]): void {
    // One chain, so events arrive in the order they happened.
    this.chain = this.chain.then(async () => {
      for (const event of events) await this.db.$executeRaw`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`;
    }).catch((error: Error) => console.error(`live events: could not publish: ${error.message}`));
  }

  /** Sends what is pending; call before the process exits. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
  }
}
