import "server-only";
import { persistentListen, type Listener } from "@/lib/db/listener";
import { LIVE_CHANNEL, type LiveEvent } from "@/lib/live/publisher";

/**
 * Subscribes to the live events of every discussion; resolves once listening (rejects when it
 * cannot connect at first). A connection that breaks later (a terminated backend, a database
 * restart) is replaced with backoff; `onReconnect` then says events may have been missed.
 */
export async function listenLive(
  databaseUrl: string,
  onEvent: (event: LiveEvent) => void,
  { onReconnect, log }: { onReconnect?: () => void; log?: (line: string) => void } = {},
): Promise<Listener> {
  const listener = persistentListen({
    url: databaseUrl,
    channels: [LIVE_CHANNEL],
    applicationName: "rosetta-live",
    onReconnect,
    log,
    onNotification: (_channel, payload) => {
      if (!payload) return;
      try {
        onEvent(JSON.parse(payload) as LiveEvent);
      } catch {
        // A payload from another version of Rosetta: ignore it.
      }
    },
  });
  try {
    await listener.ready;
  } catch (error) {
    await listener.close();
    throw error;
  }
  return listener;
}
