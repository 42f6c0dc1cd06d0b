import "server-only";
import type { Db } from "@/lib/db/client";

/**
 * Live events of discussions, over PostgreSQL NOTIFY so that any web server sees what any worker
 * streams. Token deltas are batched (one notification per turn every FLUSH_MS, every turn's in one
 * statement) to keep a busy worker's NOTIFY rate and round trips low. Each flush also appends the
 * pieces to their turns' rows in live_texts, in the same statement (one round trip, as a bare
 * NOTIFY): a viewer who connects mid-turn reads what was written so far there. When a model call is sent again (a retry, a repair round), the new
 * attempt's first flush replaces that text and counts the row's attempt up, so viewers replace theirs.
 */

export const LIVE_CHANNEL = "rosetta_live";
const FLUSH_MS = 50;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_CHARS = 2_000;

export type LiveEvent =
  /**
   * `attempt`: which attempt of the model call the piece belongs to (a higher one replaces the text);
   * `offset`: how many characters of that attempt came before this piece (a client drops what it has).
   */
  | { type: "delta"; discussionId: string; seq: number; attempt: number; offset: number; text: string }
  | { type: "turn"; discussionId: string; seq: number; kind: string }
  | { type: "status"; discussionId: string; status: string };

/** A piece of a turn's text to append and notify. */
interface Piece {
  discussionId: string;
  seq: number;
  fresh: boolean;
  offset: number;
  text: string;
}

/** Statuses after which a discussion writes nothing more: what it was streaming will never be stored. */
const OVER = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

export class LivePublisher {
  /** Text waiting for the next flush, per streaming turn, with the attempt (of which call) it came from. */
  private pending = new Map<string, { discussionId: string; seq: number; attempt: string; text: string }>();
  /** Per streaming turn: the attempt being published and its characters published so far. */
  private sent = new Map<string, { attempt: string; length: number }>();
  private calls = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  /**
   * The token callback of one model call writing turn `seq`, given the gateway's attempt number with
   * each piece. Each call is told apart too: a job retried in this process writes the same turn
   * again with a new call, whose attempt 1 must replace the text, not continue it.
   */
  stream(discussionId: string, seq: number): (delta: string, attempt?: number) => void {
    const call = (this.calls += 1);
    return (text, attempt = 1) => this.delta(discussionId, seq, text, `${call}:${attempt}`);
  }

  /** A piece of a turn's text as it streams; a piece from another `attempt` than the last replaces the text. */
  delta(discussionId: string, seq: number, text: string, attempt = "0:1"): void {
    const key = `${discussionId}:${seq}`;
    const entry = this.pending.get(key);
    // A new attempt's text supersedes what the old one had pending: that will never be shown.
    if (entry && entry.attempt === attempt) entry.text += text;
    else this.pending.set(key, { discussionId, seq, attempt, text });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** A turn was stored, or a discussion changed status: sent at once, after the deltas before it. */
  event(event: Exclude<LiveEvent, { type: "delta" }>): void {
    this.flush();
    const payload = JSON.stringify(event);
    if (event.type === "turn") {
      this.sent.delete(`${event.discussionId}:${event.seq}`);
      this.send(
        () => this.db.$executeRaw`
        with gone as (delete from live_texts where discussion_id = ${event.discussionId}::uuid and seq = ${event.seq})
        select pg_notify(${LIVE_CHANNEL}, ${payload})`,
      );
    } else if (OVER.has(event.status)) {
      for (const key of this.sent.keys()) if (key.startsWith(`${event.discussionId}:`)) this.sent.delete(key);
      this.send(
        () => this.db.$executeRaw`
        with gone as (delete from live_texts where discussion_id = ${event.discussionId}::uuid)
        select pg_notify(${LIVE_CHANNEL}, ${payload})`,
      );
    } else {
      this.send(() => this.db.$executeRaw`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending.size) return;
    // Every streaming turn's piece in one statement: a worker streaming eight turns sends one
    // statement per FLUSH_MS, not eight. A piece too long for one NOTIFY (rare: FLUSH_MS of text)
    // sends its remainder after, in order.
    const batch: Piece[] = [];
    const rest: Piece[] = [];
    for (const [key, { discussionId, seq, attempt, text }] of this.pending) {
      const previous = this.sent.get(key);
      const fresh = previous?.attempt !== attempt;
      const before = fresh ? 0 : previous.length;
      this.sent.set(key, { attempt, length: before + text.length });
      for (let i = 0; i < text.length; i += MAX_PAYLOAD_CHARS) {
        (i === 0 ? batch : rest).push({
          discussionId,
          seq,
          fresh: fresh && i === 0,
          offset: before + i,
          text: text.slice(i, i + MAX_PAYLOAD_CHARS),
        });
      }
    }
    this.pending.clear();
    this.send(() => this.appendPieces(batch));
    for (const piece of rest) this.send(() => this.appendPieces([piece]));
  }

  /**
   * Appends pieces to their turns' live texts and notifies each, in one statement (at most one
   * piece per turn). A fresh attempt (the first piece this process publishes for it) replaces the
   * text and counts the row's attempt up: numbered by the database, a worker that takes over a
   * crashed one's turn still counts upwards.
   */
  private appendPieces(pieces: Piece[]) {
    const column = <K extends keyof Piece>(key: K) => pieces.map((piece) => piece[key]);
    return this.db.$executeRaw`
      with piece as (
        select * from unnest(${column("discussionId")}::uuid[], ${column("seq")}::int[], ${column("fresh")}::boolean[],
                             ${column("offset")}::int[], ${column("text")}::text[]) as p(discussion_id, seq, fresh, "offset", text)
      ), live as (
        insert into live_texts as l (discussion_id, seq, attempt, text, updated_at)
        select discussion_id, seq, 1, text, now() from piece
        on conflict (discussion_id, seq) do update set
          attempt = case when (select fresh from piece p where p.discussion_id = excluded.discussion_id and p.seq = excluded.seq)
                    then l.attempt + 1 else l.attempt end,
          text = case when (select fresh from piece p where p.discussion_id = excluded.discussion_id and p.seq = excluded.seq)
                 then excluded.text else l.text || excluded.text end,
          updated_at = now()
        returning discussion_id, seq, attempt
      )
      select pg_notify(${LIVE_CHANNEL}, json_build_object('type', 'delta', 'discussionId', p.discussion_id::text, 'seq', p.seq,
               'attempt', live.attempt, 'offset', p."offset", 'text', p.text)::text)
      from live join piece p using (discussion_id, seq)`;
  }

  private send(work: () => Promise<unknown>): void {
    // One chain, so events arrive in the order they happened.
    this.chain = this.chain
      .then(async () => {
        await work();
      })
      .catch((error: Error) => console.error(`live events: could not publish: ${error.message}`));
  }

  /** Sends what is pending; call before the process exits. */
  async close(): Promise<void> {
    this.flush();
    await this.chain;
  }
}
