import "server-only";
import { listenLive } from "@/lib/live/listen";
import type { LiveEvent } from "@/lib/live/publisher";

/**
 * One LISTEN connection per process, fanned out to whoever follows a discussion (each open
 * discussion page is one subscriber), instead of a database connection per browser tab.
 */

export interface Subscriber {
  event(event: LiveEvent): void;
  /** The process lost its connection: events may have been missed, so the follower should start over. */
  lost(): void;
}
const subscribers = new Map<string, Set<Subscriber>>();
let listening: Promise<{ close(): Promise<void> }> | undefined;

function dispatch(event: LiveEvent): void {
  for (const subscriber of subscribers.get(event.discussionId) ?? []) subscriber.event(event);
}

function lost(): void {
  listening = undefined;
  const all = [...subscribers.values()].flatMap((set) => [...set]);
  subscribers.clear();
  for (const subscriber of all) subscriber.lost();
}

/** Follows one discussion's live events; resolves once listening, with the way to stop. */
export async function subscribeDiscussion(databaseUrl: string, discussionId: string, subscriber: Subscriber): Promise<() => void> {
  let set = subscribers.get(discussionId);
  if (!set) subscribers.set(discussionId, (set = new Set()));
  set.add(subscriber);
  listening ??= listenLive(databaseUrl, dispatch, lost).catch((error: unknown) => {
    listening = undefined;
    throw error;
  });
  try {
    await listening;
  } catch (error) {
    set.delete(subscriber);
    throw error;
  }
  return () => {
    set.delete(subscriber);
    if (!set.size && subscribers.get(discussionId) === set) subscribers.delete(discussionId);
  };
}
