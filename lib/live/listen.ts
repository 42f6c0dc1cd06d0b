import "server-only";
import pg from "pg";
import { LIVE_CHANNEL, type LiveEvent } from "@/lib/live/publisher";

/** Subscribes to the live events of every discussion; resolves once listening. */
export async function listenLive(databaseUrl: string, onEvent: (event: LiveEvent) => void): Promise<{ close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "rosetta-live" });
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
  return { close: () => client.end() };
}
