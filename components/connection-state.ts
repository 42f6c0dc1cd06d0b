"use client";

import { ApiError } from "@/components/api";

/**
 * Whether the studio is reachable, as the pages last saw it: a request that met "database
 * unreachable" (503) or no answer at all (the web server restarting) flips it to "reconnecting"
 * until the health check says the database answers again.
 */
export type Connection = "ok" | "database" | "server";

let state: Connection = "ok";
const listeners = new Set<() => void>();

export function connectionState(): Connection {
  return state;
}

export function setConnection(next: Connection): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeConnection(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** What a failed request says about the connection (undefined: nothing, it was another error). */
export function connectionProblem(error: unknown): Connection | undefined {
  if (error instanceof ApiError) return error.code === "DATABASE_UNREACHABLE" ? "database" : undefined;
  if (error instanceof TypeError) return "server"; // fetch found nobody answering
  return undefined;
}
