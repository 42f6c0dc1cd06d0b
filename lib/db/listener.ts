import pg from "pg";

/** Backoff between reconnection attempts: doubling from 100 ms, capped at 5 s, with jitter. */
export function reconnectDelay(attempt: number): number {
  const capped = Math.min(5_000, 100 * 2 ** Math.min(attempt, 10));
  return Math.round(capped / 2 + Math.random() * (capped / 2));
}

export interface Listener {
  /** Resolves once the first connection listens (rejects if that first connection fails). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * A LISTEN connection that outlives its connection: when the server drops it (a restart,
 * `pg_terminate_backend`, a network cut), the error is handled, never thrown at the process, and a
 * new connection listens again after a backoff. Notifications sent while no connection listened are
 * lost: `onReconnect` tells the owner to catch up on what it may have missed (a poll, a re-read).
 */
export function persistentListen({
  url,
  channels,
  applicationName,
  onNotification,
  onReconnect = () => undefined,
  log = () => undefined,
}: {
  url: string;
  channels: string[];
  applicationName: string;
  onNotification: (channel: string, payload: string | undefined) => void;
  onReconnect?: () => void;
  log?: (line: string) => void;
}): Listener {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: applicationName, connectionTimeoutMillis: 10_000 });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      if (client === next) client = undefined;
      next.removeAllListeners("notification");
      void next.end().catch(() => undefined);
      log(`${applicationName}: connection lost (${error?.message ?? "closed by the server"}); reconnecting`);
      schedule();
    };
    next.on("error", onLost);
    next.on("end", () => onLost());
    next.on("notification", (message) => onNotification(message.channel, message.payload));
    try {
      await next.connect();
      for (const channel of channels) await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      next.removeAllListeners("end");
      await next.end().catch(() => undefined);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  };

  const schedule = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        () => {
          if (closed) return;
          log(`${applicationName}: listening again`);
          attempt = 0;
          onReconnect();
        },
        (error: Error) => {
          attempt += 1;
          log(`${applicationName}: reconnect attempt ${attempt} failed (${error.message})`);
          schedule();
        },
      );
    }, reconnectDelay(attempt));
    retryTimer.unref(); // waiting to listen again is no reason for a process to stay up
  };

  const ready = connect();
  // A first connection that fails is the caller's to handle; later ones are ours to retry.
  ready.catch(() => undefined);
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
