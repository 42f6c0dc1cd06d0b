import "server-only";
import { listenLive } from "@/lib/live/listen";
import type { LiveEvent } from "@/lib/live/publisher";

/**
 * One LISTEN connection per process, fanned out to whoever follows a discussion (each open
 * discussion page is one subscriber), instead of a database connection per browser tab. When the
 * connection breaks (a terminated backend, a database restart) the hub listens again with backoff
 * (exponential, capped, jittered) and tells every subscriber to catch up from the database: their
 * streams stay open, and what was notified while nobody listened is read back from the tables.
 */

export interface Subscriber {
  event(event: LiveEvent): void;
  /** The hub listens again after a break: events may have been missed, so the follower re-reads what it can. */
  resync(): void;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

const subscribers = new Map<string, Set<Subscriber>>();
/** Settles once the hub first listens; undefined while it does not (nobody followed, or it gave up for lack of followers). */
let listening: Promise<unknown> | undefined;

function dispatch(event: LiveEvent): void {
  for (const subscriber of subscribers.get(event.discussionId) ?? []) subscriber.event(event);
}

/** "Equal jitter": half the exponential delay, plus up to as much again at random, so web servers do not reconnect in step. */
export function reconnectDelay(attempt: number): number {
  const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1));
  return exponential / 2 + Math.random() * (exponential / 2);
}

function listen(databaseUrl: string) {
  return listenLive(databaseUrl, dispatch, (error) => void reconnect(databaseUrl, error));
}

async function reconnect(databaseUrl: string, error: Error | undefined): Promise<void> {
  console.error(`live events: lost the database connection (${error?.message ?? "closed"}); reconnecting`);
  for (let attempt = 1; ; attempt++) {
    // Unref'd: waiting to listen again is no reason for a process to stay up (a web server has its own).
    await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt)).unref());
    if (!subscribers.size) {
      listening = undefined; // the next follower connects afresh
      return;
    }
    try {
      await listen(databaseUrl);
      break;
    } catch (failure) {
      if (attempt === 1 || attempt % 10 === 0) console.error(`live events: cannot listen yet (${(failure as Error).message}); retrying`);
    }
  }
  console.error("live events: listening again");
  for (const set of [...subscribers.values()]) for (const subscriber of [...set]) subscriber.resync();
}

/**
 * Follows one discussion's live events; resolves once listening, with the way to stop. While the
 * hub is reconnecting it resolves at once: the subscriber is resynced when the hub listens again.
 */
export async function subscribeDiscussion(databaseUrl: string, discussionId: string, subscriber: Subscriber): Promise<() => void> {
  let set = subscribers.get(discussionId);
  if (!set) subscribers.set(discussionId, (set = new Set()));
  set.add(subscriber);
  const stop = () => {
    set.delete(subscriber);
    if (!set.size && subscribers.get(discussionId) === set) subscribers.delete(discussionId);
  };
  listening ??= listen(databaseUrl).catch((error: unknown) => {
    listening = undefined;
    throw error;
  });
  try {
    await listening;
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
