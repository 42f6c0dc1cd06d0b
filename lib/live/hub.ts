import "server-only";
import { listenLive } from "@/lib/live/listen";
import type { LiveEvent } from "@/lib/live/publisher";

/**
 * One LISTEN connection per process, fanned out to whoever follows a discussion (each open
 * discussion page is one subscriber), instead of a database connection per browser tab. When the
 * connection breaks (a terminated backend, a database restart) it listens again with backoff
 * (persistentListen) and tells every subscriber to catch up from the database: their streams stay
 * open, and what was notified while nobody listened is read back from the tables.
 */

export interface Subscriber {
  event(event: LiveEvent): void;
  /** The hub listens again after a break: events may have been missed, so the follower re-reads what it can. */
  resync(): void;
}

const subscribers = new Map<string, Set<Subscriber>>();
/** Settles once the hub first listens; undefined until someone follows (or after a first connection failed). */
let listening: Promise<unknown> | undefined;

function dispatch(event: LiveEvent): void {
  for (const subscriber of subscribers.get(event.discussionId) ?? []) subscriber.event(event);
}

function resyncAll(): void {
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
  listening ??= listenLive(databaseUrl, dispatch, { onReconnect: resyncAll, log: (line) => console.error(`live events: ${line}`) }).catch(
    (error: unknown) => {
      listening = undefined;
      throw error;
    },
  );
  try {
    await listening;
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
