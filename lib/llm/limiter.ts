import "server-only";
import pg from "pg";
import { persistentListen, type Listener } from "@/lib/db/listener";
import { hash32 } from "@/lib/random";

/**
 * Per-endpoint limits: at most `maxConcurrency` requests in flight and at most
 * `requestsPerMinute` / `tokensPerMinute` per minute, shared by every job of a process and, with
 * PostgreSQL, by every process on every machine that uses the same database.
 */

export interface LimitedEndpoint {
  id: string;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
}

/** Call when the request is over, with the tokens it really used (to correct the estimate). */
export type Release = (actualTokens?: number) => Promise<void>;

export interface Limiter {
  acquire(endpoint: LimitedEndpoint, options: { estimatedTokens: number; signal?: AbortSignal }): Promise<Release>;
  close(): Promise<void>;
}

function abortable(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A counting semaphore with a FIFO queue of waiters. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  private inFlight = 0;
  constructor(private readonly capacity: () => number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.inFlight >= this.capacity()) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          this.waiters = this.waiters.filter((waiter) => waiter !== wake);
          reject(signal!.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiters.push(wake);
      });
    } else {
      this.inFlight += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next)
        next(); // the slot passes straight to the next waiter
      else this.inFlight -= 1;
    };
  }
}

const minuteStart = (now: number) => Math.floor(now / 60_000) * 60_000;

/** Limits within this process only. */
export class InProcessLimiter implements Limiter {
  private semaphores = new Map<string, Semaphore>();
  private windows = new Map<string, { start: number; requests: number; tokens: number }>();

  private semaphore(endpoint: LimitedEndpoint): Semaphore {
    let semaphore = this.semaphores.get(endpoint.id);
    if (!semaphore) {
      // Reads the capacity on every acquire: a profile edited at run time takes effect at once.
      const capacity = { value: endpoint.maxConcurrency };
      semaphore = new Semaphore(() => capacity.value);
      this.semaphores.set(endpoint.id, semaphore);
    }
    return semaphore;
  }

  private async takeRate(endpoint: LimitedEndpoint, tokens: number, signal?: AbortSignal): Promise<void> {
    if (!endpoint.requestsPerMinute && !endpoint.tokensPerMinute) return;
    for (;;) {
      const now = Date.now();
      let window = this.windows.get(endpoint.id);
      if (!window || window.start !== minuteStart(now)) {
        window = { start: minuteStart(now), requests: 0, tokens: 0 };
        this.windows.set(endpoint.id, window);
      }
      const requestsOk = !endpoint.requestsPerMinute || window.requests < endpoint.requestsPerMinute;
      // A request bigger than the whole budget still goes, alone, in a fresh window.
      const tokensOk = !endpoint.tokensPerMinute || window.tokens === 0 || window.tokens + tokens <= endpoint.tokensPerMinute;
      if (requestsOk && tokensOk) {
        window.requests += 1;
        window.tokens += tokens;
        return;
      }
      await abortable(window.start + 60_000 - now + 5, signal);
    }
  }

  async acquire(
    endpoint: LimitedEndpoint,
    { estimatedTokens, signal }: { estimatedTokens: number; signal?: AbortSignal },
  ): Promise<Release> {
    const release = await this.semaphore(endpoint).acquire(signal);
    try {
      await this.takeRate(endpoint, estimatedTokens, signal);
    } catch (error) {
      release();
      throw error;
    }
    const window = this.windows.get(endpoint.id);
    return async (actualTokens) => {
      if (window && actualTokens !== undefined) window.tokens += actualTokens - estimatedTokens;
      release();
    };
  }

  async close(): Promise<void> {}
}

const CHANNEL = "rosetta_llm_slots";
/** How long a process keeps an unused slot before handing it back (unless someone else asks first). */
const IDLE_KEEP_MS = 1_000;

interface Lease {
  slot: number;
  state: Slots;
  /** The connection whose session holds the slot's advisory lock. */
  connection: LockConnection;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** The connection broke: its advisory lock went with it, so the lease is handed back, not reused. */
  broken?: boolean;
}

/** The one connection whose session holds every slot this process has: a dead process drops them all. */
interface LockConnection {
  client: pg.Client;
  leases: Set<Lease>;
  lost?: boolean;
  /** Gives the connection up: its slots go as if the server had dropped it. */
  lose: (error?: Error) => void;
}

interface Slots {
  endpointId: string;
  key: number;
  held: number;
  idle: Lease[];
  /** Local requests waiting: handed a lease, or woken (null) to try the database again. */
  waiters: ((lease: Lease | null) => void)[];
  /** Until when another process is known to be waiting for this endpoint. */
  othersWantUntil: number;
  lastWantSent: number;
}

/**
 * Limits shared through PostgreSQL, by leases. An endpoint has `maxConcurrency` slots, each an
 * advisory lock (endpoint, slot) held by one process. A process holds all of its slots on one
 * connection of its own, opened once and kept: taking or handing back a slot is one round trip on
 * it, never a new connection. A process keeps the slots it took while it has work, reusing them
 * with no database round trip, and hands them back when idle for a second, or at once when
 * another process announces (NOTIFY) that it waits.
 * Rates: one row per endpoint and minute in `endpoint_usage_windows`, bumped atomically.
 */
export class PostgresLimiter implements Limiter {
  private pool: pg.Pool;
  private listener: Listener | undefined;
  private lockConnection: LockConnection | undefined;
  private opening: Promise<LockConnection> | undefined;
  /**
   * The slots' connection runs one query at a time, in the order they were asked for: a session's
   * advisory locks stack, so a take must see every earlier take and hand-back done.
   */
  private queue: Promise<unknown> = Promise.resolve();
  private closing = false;
  private slots = new Map<string, Slots>();
  private readonly me = Math.random().toString(36).slice(2);

  private readonly log: (line: string) => void;

  constructor(
    databaseUrl: string,
    { maxConnections = 16, log = () => undefined }: { maxConnections?: number; log?: (line: string) => void } = {},
  ) {
    this.log = log;
    this.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: maxConnections,
      application_name: "rosetta-llm-limiter",
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection the server drops (a restart, pg_terminate_backend) must not take the process down.
    this.pool.on("error", (error) => log(`llm limiter: idle connection lost (${error.message})`));
  }

  private state(endpoint: LimitedEndpoint): Slots {
    let state = this.slots.get(endpoint.id);
    if (!state) {
      state = {
        endpointId: endpoint.id,
        key: hash32("rosetta-llm", endpoint.id) | 0,
        held: 0,
        idle: [],
        waiters: [],
        othersWantUntil: 0,
        lastWantSent: 0,
      };
      this.slots.set(endpoint.id, state);
    }
    return state;
  }

  private listen(): Promise<void> {
    this.listener ??= persistentListen({
      url: this.pool.options.connectionString!,
      channels: [CHANNEL],
      applicationName: "rosetta-llm-slots",
      log: this.log,
      onNotification: (_channel, payload) => this.onNotification(payload),
      // Releases announced while no connection listened are caught by the waiters' 250 ms poll.
    });
    return this.listener.ready;
  }

  /** The slots' connection, opened on first use and again after the server dropped it. */
  private async connection(): Promise<LockConnection> {
    if (this.lockConnection && !this.lockConnection.lost) return this.lockConnection;
    this.opening ??= this.openLockConnection().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async openLockConnection(): Promise<LockConnection> {
    const client = new pg.Client({
      connectionString: this.pool.options.connectionString,
      application_name: "rosetta-llm-limiter",
      connectionTimeoutMillis: 10_000,
    });
    // The connection sits outside any pool: a drop must be handled here, or it is an uncaught 'error' event.
    const onLost = (error?: Error) => {
      if (connection.lost) return;
      connection.lost = true;
      void client.end().catch(() => undefined);
      if (this.closing || connection.leases.size === 0) return;
      this.log(
        `llm limiter: the slots' connection was lost (${error?.message ?? "closed by the server"}); its ${connection.leases.size} slot(s) are taken again`,
      );
      // Idle: hand back now. In use: the request goes on; release() hands the slot back when it ends.
      for (const lease of connection.leases) {
        lease.broken = true;
        if (lease.state.idle.includes(lease)) this.giveBack(lease);
      }
    };
    const connection: LockConnection = { client, leases: new Set(), lose: onLost };
    client.on("error", onLost);
    client.on("end", () => onLost());
    await client.connect();
    this.lockConnection = connection;
    return connection;
  }

  private onNotification(payload: string | undefined): void {
    let message: { kind: "want" | "released"; endpoint: string; from: string };
    try {
      message = JSON.parse(payload ?? "{}") as typeof message;
    } catch {
      return; // not ours
    }
    if (message.from === this.me) return;
    const state = this.slots.get(message.endpoint);
    if (!state) return;
    if (message.kind === "want") {
      state.othersWantUntil = Date.now() + 1_000;
      for (const lease of state.idle.splice(0)) this.giveBack(lease);
    } else {
      for (const wake of state.waiters.splice(0)) wake(null);
    }
  }

  private message(kind: "want" | "released", endpoint: string): string {
    return JSON.stringify({ kind, endpoint, from: this.me });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const done = this.queue.then(work);
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** One round trip on the slots' connection: the first free slot, or null when all are taken. */
  private tryTake(endpoint: LimitedEndpoint, state: Slots): Promise<Lease | null> {
    return this.serially(async () => {
      const connection = await this.connection();
      // Locks this session holds already would be granted again (they stack): offer only the others.
      const mine = new Set([...connection.leases].filter((lease) => lease.state === state).map((lease) => lease.slot));
      const offset = Math.floor(Math.random() * endpoint.maxConcurrency); // spread processes over the slots
      const slots = Array.from({ length: endpoint.maxConcurrency }, (_, i) => (i + offset) % endpoint.maxConcurrency).filter(
        (slot) => !mine.has(slot),
      );
      if (slots.length === 0) return null;
      let slot: number | null | undefined;
      try {
        const { rows } = await connection.client.query<{ slot: number | null }>(
          // No ORDER BY: the scan must stop at the first lock it gets, not try (and take) them all.
          "select (select s from unnest($2::int[]) as s where pg_try_advisory_lock($1, s) limit 1) as slot",
          [state.key, slots],
        );
        slot = rows[0]?.slot;
      } catch (error) {
        // Dropped under the take (the drop's own event can come later): given up, with whatever it
        // held, and the take is tried again on a new connection after the usual wait.
        connection.lose(error as Error);
        return null;
      }
      if (slot === null || slot === undefined) return null;
      const lease: Lease = { slot, state, connection, broken: connection.lost };
      state.held += 1;
      connection.leases.add(lease);
      if (lease.broken) this.giveBack(lease); // lost while the answer came: the lock is gone
      return lease.broken ? null : lease;
    });
  }

  private giveBack(lease: Lease): void {
    const { state, connection } = lease;
    clearTimeout(lease.idleTimer);
    state.idle = state.idle.filter((idle) => idle !== lease); // an idle lease is no longer to be reused
    state.held -= 1;
    connection.leases.delete(lease);
    if (!lease.broken) {
      // Queued at once, so a take that may offer this slot again runs after it.
      void this.serially(async () => {
        if (connection.lost) return; // a dropped connection dropped its locks with it
        await connection.client.query("select pg_advisory_unlock($1, $2), pg_notify($3, $4)", [
          state.key,
          lease.slot,
          CHANNEL,
          this.message("released", state.endpointId),
        ]);
      }).catch(() => undefined);
    }
    for (const wake of state.waiters.splice(0)) wake(null);
  }

  private release(state: Slots, lease: Lease): void {
    if (Date.now() < state.othersWantUntil || lease.broken) {
      this.giveBack(lease); // share with the other processes
      return;
    }
    const waiter = state.waiters.shift();
    if (waiter) {
      waiter(lease);
      return;
    }
    lease.idleTimer = setTimeout(() => {
      this.giveBack(lease);
    }, IDLE_KEEP_MS);
    lease.idleTimer.unref();
    state.idle.push(lease);
  }

  private async takeSlot(endpoint: LimitedEndpoint, signal?: AbortSignal): Promise<Lease> {
    await Promise.all([this.listen(), this.connection()]);
    const state = this.state(endpoint);
    for (;;) {
      signal?.throwIfAborted();
      const idle = state.idle.pop();
      if (idle) {
        clearTimeout(idle.idleTimer);
        return idle;
      }
      if (state.held < endpoint.maxConcurrency) {
        const lease = await this.tryTake(endpoint, state);
        if (lease) return lease;
        if (Date.now() - state.lastWantSent > 100) {
          state.lastWantSent = Date.now();
          await this.pool.query("select pg_notify($1, $2)", [CHANNEL, this.message("want", endpoint.id)]);
        }
      }
      // Wait for a lease from a local release, a release anywhere, or a poll (a NOTIFY can be lost).
      let waiter!: (lease: Lease | null) => void;
      const handed = new Promise<Lease | null>((resolve) => (waiter = resolve));
      state.waiters.push(waiter);
      let lease: Lease | null = null;
      try {
        lease = await Promise.race([handed, abortable(250, signal).then(() => null)]);
      } finally {
        state.waiters = state.waiters.filter((w) => w !== waiter);
      }
      if (lease) return lease;
      // A lease handed over just as the wait ended must not be lost.
      const late = await Promise.race([handed, Promise.resolve(null)]);
      if (late) return late;
    }
  }

  private async takeRate(endpoint: LimitedEndpoint, tokens: number, signal?: AbortSignal): Promise<Date | undefined> {
    if (!endpoint.requestsPerMinute && !endpoint.tokensPerMinute) return undefined;
    for (;;) {
      const window = new Date(minuteStart(Date.now()));
      const { rows } = await this.pool.query<{ requests: number; tokens: number }>(
        `insert into endpoint_usage_windows (id, endpoint_profile_id, window_start, requests, tokens, updated_at)
         values (gen_random_uuid(), $1, $2, 1, $3, now())
         on conflict (endpoint_profile_id, window_start)
         do update set requests = endpoint_usage_windows.requests + 1, tokens = endpoint_usage_windows.tokens + $3, updated_at = now()
         returning requests, tokens`,
        [endpoint.id, window, tokens],
      );
      const used = rows[0]!;
      const requestsOk = !endpoint.requestsPerMinute || used.requests <= endpoint.requestsPerMinute;
      // A request bigger than the whole budget still goes, alone, in a fresh window.
      const tokensOk = !endpoint.tokensPerMinute || used.tokens === tokens || used.tokens <= endpoint.tokensPerMinute;
      if (requestsOk && tokensOk) return window;
      // Over budget: give the reservation back and wait for the next minute.
      await this.pool.query(
        "update endpoint_usage_windows set requests = requests - 1, tokens = tokens - $3 where endpoint_profile_id = $1 and window_start = $2",
        [endpoint.id, window, tokens],
      );
      await abortable(window.getTime() + 60_000 - Date.now() + 5, signal);
    }
  }

  async acquire(
    endpoint: LimitedEndpoint,
    { estimatedTokens, signal }: { estimatedTokens: number; signal?: AbortSignal },
  ): Promise<Release> {
    const window = await this.takeRate(endpoint, estimatedTokens, signal);
    const lease = await this.takeSlot(endpoint, signal);
    const state = this.state(endpoint);
    let released = false;
    return async (actualTokens) => {
      if (released) return;
      released = true;
      this.release(state, lease);
      if (window && actualTokens !== undefined && actualTokens !== estimatedTokens) {
        await this.pool.query(
          "update endpoint_usage_windows set tokens = tokens + $3 where endpoint_profile_id = $1 and window_start = $2",
          [endpoint.id, window, actualTokens - estimatedTokens],
        );
      }
    };
  }

  async close(): Promise<void> {
    for (const state of this.slots.values()) for (const lease of state.idle.splice(0)) this.giveBack(lease);
    this.closing = true;
    await this.queue; // the hand-backs just queued
    await this.opening?.catch(() => undefined);
    await this.lockConnection?.client.end().catch(() => undefined); // after the unlocks queued on it; ending drops the rest
    await this.listener?.close();
    await this.pool.end();
  }
}
