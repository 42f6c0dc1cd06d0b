"use client";

import { useInfiniteQuery, useIsMutating, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiError, fetchJson, postJson } from "@/components/api";
import { VersionDiff, VersionItemsPage, VersionStatistics, VersionSummary, type DiffItem } from "@/lib/datasets/version-types";

/** Dataset versions in the browser: the list, one version, a comparison, the card, and cutting a new one. */

/** A version as the list and the detail route send it; `error` (why a cut failed) comes with the detail. */
export const DatasetVersion = VersionSummary.extend({ error: z.string().nullable().optional() });
export type DatasetVersion = z.infer<typeof DatasetVersion>;

const VersionList = z.object({ versions: z.array(DatasetVersion) });
const CreatedVersion = z.object({ version: DatasetVersion });
/** Statistics are null while a version is being cut or when its cut failed. */
export const VersionDetail = z.object({ version: DatasetVersion, statistics: VersionStatistics.nullable() });
export type VersionDetail = z.infer<typeof VersionDetail>;

/** The project's versions route, with the tag escaped (tags may hold dots and dashes, never slashes). */
export function versionUrl(slug: string, tag?: string, rest = ""): string {
  return `/api/projects/${encodeURIComponent(slug)}/versions${tag === undefined ? "" : `/${encodeURIComponent(tag)}`}${rest}`;
}

/** GET a text route (the dataset card is markdown); the server's JSON `{ error }` becomes an ApiError. */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { headers: { Accept: "text/markdown, text/plain, application/json" } });
  if (!response.ok) throw apiError(response, await response.json().catch(() => null));
  return response.text();
}

const versionsKey = (slug: string) => ["versions", slug] as const;
const cutKey = (slug: string) => ["cut-version", slug] as const;

/** A project's dataset versions, newest first; polled every second while one is being cut (here: from the moment the request leaves). */
export function useVersions(slug: string) {
  const cutting = useIsMutating({ mutationKey: cutKey(slug) }) > 0;
  return useQuery({
    queryKey: versionsKey(slug),
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

/** The items that differ from `against` to `tag`, a page at a time (the first page comes with the counts). */
export function useVersionDiffItems(slug: string, tag: string, against: string | null, kind: DiffItem["kind"] | null) {
  return useInfiniteQuery({
    queryKey: ["version-diff-items", slug, tag, against, kind],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ against: against!, limit: "25" });
      if (kind) query.set("kind", kind);
      if (pageParam) query.set("cursor", pageParam);
      return fetchJson(versionUrl(slug, tag, `/diff?${query}`), VersionDiff);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: against !== null,
  });
}

/** Filters of the records browser, as the items route reads them (empty: not filtered). */
export interface ItemFilters {
  language: string;
  source: string;
  minScore: string;
  tests: string;
  verified: string;
}

/** A version's records, filtered, a page at a time in position order. */
export function useVersionItems(slug: string, tag: string, filters: ItemFilters) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
  query.set("limit", "25");
  return useInfiniteQuery({
    queryKey: ["version-items", slug, tag, query.toString()],
    queryFn: ({ pageParam }) =>
      fetchJson(versionUrl(slug, tag, `/items?${query}${pageParam === null ? "" : `&cursor=${pageParam}`}`), VersionItemsPage),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** The dataset card (markdown) as exported with the version. */
export function useVersionCard(slug: string, tag: string, enabled: boolean) {
  return useQuery({ queryKey: ["version-card", slug, tag], queryFn: () => fetchText(versionUrl(slug, tag, "/card")), enabled });
}

/** Cut a version (the body: tag, notes, filters); the versions list polls while the cut runs, so the CUTTING row shows live. */
export function useCutVersion(slug: string, { onCut }: { onCut: () => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: cutKey(slug),
    mutationFn: async (body: object) => CreatedVersion.parse(await postJson(versionUrl(slug), body)),
    onSuccess: async () => {
      onCut();
      await queryClient.invalidateQueries({ queryKey: versionsKey(slug) });
    },
  });
}
