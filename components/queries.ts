"use client";

import { useInfiniteQuery, useIsMutating, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { fetchText, versionUrl } from "@/components/datasets/fetch-text";
import { VersionDetail, VersionDiff, VersionList } from "@/components/datasets/schemas";
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

/** A project's dataset versions, newest first; polled every second while one is being cut (here: from the moment the request leaves). */
export function useVersions(slug: string) {
  const cutting = useIsMutating({ mutationKey: ["cut-version", slug] }) > 0;
  return useQuery({
    queryKey: ["versions", slug],
    queryFn: () => fetchJson(versionUrl(slug), VersionList),
    refetchInterval: (query) => (cutting || query.state.data?.versions.some((v) => v.status === "CUTTING") ? 1_000 : false),
  });
}

/** One version and its statistics (null tag: nothing asked). */
export function useVersion(slug: string, tag: string | null) {
  return useQuery({
    queryKey: ["version", slug, tag],
    queryFn: () => fetchJson(versionUrl(slug, tag!), VersionDetail),
    enabled: tag !== null,
    refetchInterval: (query) => (query.state.data?.version.status === "CUTTING" ? 1_000 : false),
  });
}

export function useVersionDiff(slug: string, tag: string, against: string | null) {
  return useQuery({
    queryKey: ["version-diff", slug, tag, against],
    queryFn: () => fetchJson(versionUrl(slug, tag, `/diff?against=${encodeURIComponent(against!)}`), VersionDiff),
    enabled: against !== null,
  });
}

/** The dataset card (markdown) as exported with the version. */
export function useVersionCard(slug: string, tag: string, enabled: boolean) {
  return useQuery({ queryKey: ["version-card", slug, tag], queryFn: () => fetchText(versionUrl(slug, tag, "/card")), enabled });
}
