"use client";

import { useIsMutating, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, postJson } from "@/components/api";
import { fetchText, versionUrl } from "@/components/datasets/fetch-text";
import { CreatedVersion, VersionDetail, VersionDiff, VersionList } from "@/components/datasets/schemas";

/** Dataset versions in the browser: the list, one version, a comparison, the card, and cutting a new one. */

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
