import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Live events of discussions, over PostgreSQL NOTIFY so that any web server sees what any worker
 * streams. Token deltas are batched (one notification per turn every FLUSH_MS, every turn's in one
 * statement) to keep a busy worker's NOTIFY rate and round trips low. Each flush also appends the
 * pieces to their turns' rows in live_texts, in the same statement (one round trip, as a bare
 * NOTIFY): a viewer who connects mid-turn reads what was written so far there. When a model call is sent again (a retry, a repair round), the new
 * attempt's first flush replaces that text and counts the row's attempt up, so viewers replace theirs.
 *
 * A stored turn is announced by the statement that stores it (`turnStoring`, lib/synthesis/turn-log.ts):
 * the turn's last pieces (not flushed yet), then the turn's own notification, are sent when it commits
 * and its live text goes, with no statement of their own. A discussion's status can ride the same way
 * on the statement that writes it (`statusSql`).
 */

export const LIVE_CHANNEL = "rosetta_live";
/**
 * 80 ms: twelve updates a second still read as continuous typing (a piece is 2 to 8 tokens at a real
 * model's 30 to 100 tokens/s), while a token's wait stays well under bench:ui's 150 ms target for
 * emit → DOM. One flush statement per FLUSH_MS carries every streaming turn of the process, so a busy
 * worker sends 12.5 a second instead of 20 at 50 ms.
 */
const FLUSH_MS = 80;
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

  /**
   * Turn `seq` is about to be stored: the CTEs (`with ..., <these>`) that publish it with the statement
   * storing it. They notify the turn's pending piece (never written to live_texts: the same statement
   * deletes its row), then the turn; the statement's main query must read from `notified` (one row):
   * a CTE nothing reads is never run. Resolves once the pieces already on their way are written, so
   * none lands in live_texts after the turn and every piece is notified before it.
   */
  async turnStoring(discussionId: string, seq: number, kind: string): Promise<Prisma.Sql> {
    const key = `${discussionId}:${seq}`;
    const entry = this.pending.get(key);
    this.pending.delete(key);
    const pieces = entry ? this.pieces(key, entry) : [];
    this.sent.delete(key);
    await this.chain;
    const turn = JSON.stringify({ type: "turn", discussionId, seq, kind } satisfies LiveEvent);
    // A fresh attempt's pieces (only the first is marked fresh) count the row's attempt up, as a flush would have (appendPieces).
    const fresh = pieces[0]?.fresh ?? false;
    return Prisma.sql`
      gone as (delete from live_texts where discussion_id = ${discussionId}::uuid and seq = ${seq}),
      live as (select coalesce((select attempt from live_texts where discussion_id = ${discussionId}::uuid and seq = ${seq}), 0) as attempt),
      notified as materialized (
        select count(pg_notify(${LIVE_CHANNEL}, n.payload)) from (
          select json_build_object('type', 'delta', 'discussionId', ${discussionId}::text, 'seq', ${seq}::int,
                   'attempt', live.attempt + ${fresh}::boolean::int, 'offset', p."offset", 'text', p.text)::text as payload, p.n
            from live, unnest(${pieces.map((piece) => piece.offset)}::int[], ${pieces.map((piece) => piece.text)}::text[])
                       with ordinality as p("offset", text, n)
          union all
          select ${turn}, ${pieces.length + 1}
          order by n
        ) n
      )`;
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

  /**
   * A discussion's status changed in the caller's statement or transaction: what it was streaming is
   * forgotten (as `event` does for a status after which nothing more is written). Pair it with `statusSql`.
   */
  statusChanging(discussionId: string, status: string): void {
    if (!OVER.has(status)) return;
    for (const key of [...this.pending.keys(), ...this.sent.keys()]) {
      if (!key.startsWith(`${discussionId}:`)) continue;
      this.pending.delete(key);
      this.sent.delete(key);
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
    for (const [key, entry] of this.pending) {
      const [first, ...more] = this.pieces(key, entry);
      if (first) batch.push(first);
      rest.push(...more);
    }
    this.pending.clear();
    this.send(() => this.appendPieces(batch));
    for (const piece of rest) this.send(() => this.appendPieces([piece]));
  }

  /** A turn's pending text as pieces short enough for one NOTIFY each, placed after what was sent of its attempt. */
  private pieces(key: string, { discussionId, seq, attempt, text }: { discussionId: string; seq: number; attempt: string; text: string }) {
    const previous = this.sent.get(key);
    const fresh = previous?.attempt !== attempt;
    const before = fresh ? 0 : previous.length;
    this.sent.set(key, { attempt, length: before + text.length });
    const pieces: Piece[] = [];
    for (let i = 0; i < text.length; i += MAX_PAYLOAD_CHARS)
      pieces.push({ discussionId, seq, fresh: fresh && i === 0, offset: before + i, text: text.slice(i, i + MAX_PAYLOAD_CHARS) });
    return pieces;
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

/**
 * The CTEs that publish a discussion's new status (as `LivePublisher.event`: over, its live texts go)
 * with the statement that writes it, which must read from `notified`. Call `statusChanging` with it.
 */
export function statusSql(discussionId: string, status: string): Prisma.Sql {
  const payload = JSON.stringify({ type: "status", discussionId, status } satisfies LiveEvent);
  return Prisma.sql`gone as (delete from live_texts where discussion_id = ${discussionId}::uuid and ${OVER.has(status)}),
    notified as materialized (select pg_notify(${LIVE_CHANNEL}, ${payload}))`;
}
