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
  client: pg.PoolClient;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** The connection broke: its advisory lock went with it, so the lease is handed back, not reused. */
  broken?: Error;
  onError: (error: Error) => void;
}

interface Slots {
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
 * advisory lock (endpoint, slot) held by one process on a connection of its own. A process keeps
 * the slots it took while it has work, reusing them with no database round trip, and hands them
 * back when idle for a second, or at once when another process announces (NOTIFY) that it waits.
 * Rates: one row per endpoint and minute in `endpoint_usage_windows`, bumped atomically.
 */
export class PostgresLimiter implements Limiter {
  private pool: pg.Pool;
  private listener: Listener | undefined;
  private slots = new Map<string, Slots>();
  private readonly me = Math.random().toString(36).slice(2);

  private readonly log: (line: string) => void;

  constructor(
    databaseUrl: string,
    { maxConnections = 64, log = () => undefined }: { maxConnections?: number; log?: (line: string) => void } = {},
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
      state = { key: hash32("rosetta-llm", endpoint.id) | 0, held: 0, idle: [], waiters: [], othersWantUntil: 0, lastWantSent: 0 };
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
      for (const lease of state.idle.splice(0)) void this.giveBack(message.endpoint, state, lease);
    } else {
      for (const wake of state.waiters.splice(0)) wake(null);
    }
  }

  private notify(kind: "want" | "released", endpoint: string, client?: pg.PoolClient | pg.Pool): Promise<unknown> {
    return (client ?? this.pool).query("select pg_notify($1, $2)", [CHANNEL, JSON.stringify({ kind, endpoint, from: this.me })]);
  }

  /** One round trip: the first free slot, as a lease on its own connection, or null when all are taken. */
  private async tryTake(endpoint: LimitedEndpoint, state: Slots): Promise<Lease | null> {
    const client = await this.pool.connect();
    try {
      const offset = Math.floor(Math.random() * endpoint.maxConcurrency); // spread processes over the slots
      const slots = Array.from({ length: endpoint.maxConcurrency }, (_, i) => (i + offset) % endpoint.maxConcurrency);
      const { rows } = await client.query<{ slot: number | null }>(
        // No ORDER BY: the scan must stop at the first lock it gets, not try (and take) them all.
        "select (select s from unnest($2::int[]) as s where pg_try_advisory_lock($1, s) limit 1) as slot",
        [state.key, slots],
      );
      const slot = rows[0]?.slot;
      if (slot === null || slot === undefined) {
        client.release();
        return null;
      }
      state.held += 1;
      // A leased connection sits checked out, outside the pool's error handling: a drop while we
      // hold it must be handled here, or it is an uncaught 'error' event.
      const lease: Lease = { slot, client, onError: (error) => void this.onLeaseError(endpoint.id, state, lease, error) };
      client.on("error", lease.onError);
      return lease;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  private onLeaseError(endpointId: string, state: Slots, lease: Lease, error: Error): void {
    if (lease.broken) return;
    lease.broken = error;
    this.log(`llm limiter: a slot's connection was lost (${error.message}); the slot is taken again`);
    // Idle: hand it back now. In use: its request goes on; release() hands it back when it ends.
    if (state.idle.includes(lease)) {
      state.idle = state.idle.filter((idle) => idle !== lease);
      void this.giveBack(endpointId, state, lease);
    }
  }

  private async giveBack(endpointId: string, state: Slots, lease: Lease): Promise<void> {
    clearTimeout(lease.idleTimer);
    state.held -= 1;
    lease.client.off("error", lease.onError);
    if (lease.broken) {
      lease.client.release(lease.broken);
      for (const wake of state.waiters.splice(0)) wake(null);
      return;
    }
    try {
      await lease.client.query("select pg_advisory_unlock($1, $2)", [state.key, lease.slot]);
      await this.notify("released", endpointId, lease.client);
      lease.client.release();
    } catch (error) {
      lease.client.release(error as Error); // a dropped connection drops its locks with it
    }
    for (const wake of state.waiters.splice(0)) wake(null);
  }

  private release(endpoint: LimitedEndpoint, state: Slots, lease: Lease): void {
    if (Date.now() < state.othersWantUntil || lease.broken) {
      void this.giveBack(endpoint.id, state, lease); // share with the other processes
      return;
    }
    const waiter = state.waiters.shift();
    if (waiter) {
      waiter(lease);
      return;
    }
    lease.idleTimer = setTimeout(() => {
      state.idle = state.idle.filter((idle) => idle !== lease);
      void this.giveBack(endpoint.id, state, lease);
    }, IDLE_KEEP_MS);
    lease.idleTimer.unref();
    state.idle.push(lease);
  }

  private async takeSlot(endpoint: LimitedEndpoint, signal?: AbortSignal): Promise<Lease> {
    await this.listen();
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
          await this.notify("want", endpoint.id);
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
      this.release(endpoint, state, lease);
      if (window && actualTokens !== undefined && actualTokens !== estimatedTokens) {
        await this.pool.query(
          "update endpoint_usage_windows set tokens = tokens + $3 where endpoint_profile_id = $1 and window_start = $2",
          [endpoint.id, window, actualTokens - estimatedTokens],
        );
      }
    };
  }

  async close(): Promise<void> {
    for (const [endpointId, state] of this.slots) for (const lease of state.idle.splice(0)) await this.giveBack(endpointId, state, lease);
    await this.listener?.close();
    await this.pool.end();
  }
}
