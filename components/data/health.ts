"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { SystemHealth } from "@/lib/health/types";

export function useHealth() {
  return useQuery({
    queryKey: ["health"],
    // 503 still carries the per-component report (the database is down): show it.
    queryFn: () => fetchJson("/api/health", SystemHealth, { acceptStatus: [503] }),
    refetchInterval: 5_000,
  });
}
