"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useSyncExternalStore } from "react";
import { connectionState, setConnection, subscribeConnection } from "@/components/connection-state";

const POLL_MS = 2_000;

/** A banner over every page while the studio cannot reach its database (or its web server restarts). */
export function ConnectionBanner() {
  const connection = useSyncExternalStore(subscribeConnection, connectionState, () => "ok" as const);
  const queryClient = useQueryClient();
  useEffect(() => {
    if (connection === "ok") return;
    const timer = setInterval(async () => {
      try {
        const response = await fetch("/api/health", { headers: { Accept: "application/json" } });
        const health = (await response.json()) as { db?: { status?: string } };
        if (health.db?.status === "ok") {
          setConnection("ok");
          void queryClient.invalidateQueries(); // what failed meanwhile is read again
        } else setConnection("database");
      } catch {
        setConnection("server");
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [connection, queryClient]);
  if (connection === "ok") return null;
  return (
    <div
      role="status"
      data-testid="connection-banner"
      className="sticky top-0 z-50 border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900"
    >
      {connection === "database"
        ? "The studio cannot reach its database and is reconnecting… Nothing is lost; pages refresh when it is back."
        : "The studio is not answering (restarting?); reconnecting…"}
    </div>
  );
}
