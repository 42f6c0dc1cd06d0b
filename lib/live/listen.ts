import "server-only";
import pg from "pg";
import { LIVE_CHANNEL, type LiveEvent } from "@/lib/live/publisher";

/** Subscribes to the live events of every discussion; resolves once listening. `onLost`: the connection broke. */
export async function listenLive(databaseUrl: string, onEvent: (event: LiveEvent) => void, onLost: (error?: Error) => void = () => undefined): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "rosetta-live" });
  let closing = false;
  client.on("error", (error) => onLost(error));
  client.on("end", () => {
    if (!closing) onLost();
  });
  await client.connect();
  client.on("notification", (message) => {
    if (message.channel !== LIVE_CHANNEL || !message.payload) return;
    try {
      onEvent(JSON.parse(message.payload) as LiveEvent);
    } catch {
      // A payload from another version of Rosetta: ignore it.
    }
  });
  await client.query(`listen ${LIVE_CHANNEL}`);
  return {
    close: () => {
      closing = true;
      return client.end();
    },
  };
}
