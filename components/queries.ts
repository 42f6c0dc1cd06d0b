"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { SystemHealth } from "@/lib/health/types";
import { ProjectPage } from "@/lib/projects/types";
import { z } from "zod";

export const Me = z.object({ email: z.string(), admin: z.boolean(), role: z.string().nullable(), projectRoles: z.record(z.string(), z.string()), via: z.string() });

/** Who is signed in (null for nobody: no redirect, the page decides). */
export function useMe() {
  return useQuery({ queryKey: ["me"], queryFn: () => fetchJson("/api/auth/me", Me.nullable().catch(null), { acceptStatus: [401] }) });
}

export function useHealth() {
  return useQuery({
    queryKey: ["health"],
    // 503 still carries the per-component report (the database is down): show it.
    queryFn: () => fetchJson("/api/health", SystemHealth, { acceptStatus: [503] }),
    refetchInterval: 5_000,
  });
}

export function useProjects() {
  return useInfiniteQuery({
    queryKey: ["projects"],
    queryFn: ({ pageParam }) => fetchJson(`/api/projects?limit=25${pageParam ? `&cursor=${pageParam}` : ""}`, ProjectPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
