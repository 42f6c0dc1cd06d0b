import "server-only";
import pg from "pg";
import { LIVE_CHANNEL, type LiveEvent } from "@/lib/live/publisher";

/**
 * Subscribes to the live events of every discussion; resolves once listening (rejects when it
 * cannot connect). `onLost` is called once if the connection breaks after that (a terminated
 * backend, a database restart): the caller decides whether and when to listen again.
 */
export async function listenLive(databaseUrl: string, onEvent: (event: LiveEvent) => void, onLost: (error?: Error) => void = () => undefined): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "rosetta-live" });
  let state: "connecting" | "listening" | "lost" | "closing" = "connecting";
  const lose = (error?: Error) => {
    if (state !== "listening") return;
    state = "lost";
    // The socket is gone or going; ending it frees what is left, and its own errors are moot.
    client.end().catch(() => undefined);
    onLost(error);
  };
  // Without a listener, pg's 'error' on an idle client is an uncaught exception: the process would die.
  client.on("error", (error) => lose(error));
  client.on("end", () => lose());
  client.on("notification", (message) => {
    if (message.channel !== LIVE_CHANNEL || !message.payload) return;
    try {
      onEvent(JSON.parse(message.payload) as LiveEvent);
    } catch {
      // A payload from another version of Rosetta: ignore it.
    }
  });
  try {
    await client.connect();
    await client.query(`listen ${LIVE_CHANNEL}`);
  } catch (error) {
    state = "closing";
    await client.end().catch(() => undefined);
    throw error;
  }
  state = "listening";
  return {
    close: () => {
      state = "closing";
      return client.end();
    },
  };
}
