"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { setConnection } from "@/components/connection-state";
import { SystemHealth } from "@/lib/health/types";

export function useHealth() {
  return useQuery({
    queryKey: ["health"],
    queryFn: async () => {
      // 503 still carries the per-component report (the database is down): show it, and let every
      // page say the studio is reconnecting (the banner's own poll says when it is back).
      const health = await fetchJson("/api/health", SystemHealth, { acceptStatus: [503] });
      if (health.db.status === "down") setConnection("database");
      return health;
    },
    refetchInterval: 5_000,
  });
}
