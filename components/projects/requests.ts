"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { answerOf, fetchJson } from "@/components/api";
import { ProjectConfig, RunList } from "@/lib/projects/config-types";

/** POST files as multipart/form-data (the browser sets the boundary). */
export async function sendFiles(url: string, files: File[]): Promise<unknown> {
  const form = new FormData();
  for (const file of files) form.append("files", file, file.name);
  return answerOf(await fetch(url, { method: "POST", headers: { Accept: "application/json" }, body: form }));
}

export function useProjectConfig(slug: string) {
  return useQuery({ queryKey: ["project-config", slug], queryFn: () => fetchJson(`/api/projects/${slug}/settings`, ProjectConfig) });
}

const EndpointList = z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), baseUrl: z.string(), model: z.string() })) });

/** Endpoint profiles (the same cache key as the endpoints page, so adding one there shows here). */
export function useEndpointProfiles() {
  return useQuery({ queryKey: ["endpoints"], queryFn: () => fetchJson("/api/endpoints", EndpointList.passthrough()) });
}

/** The project's runs; refreshed every second while one is running or paused, so its state is live. */
export function useProjectRuns(slug: string) {
  return useQuery({
    queryKey: ["project-runs", slug],
    queryFn: () => fetchJson(`/api/projects/${slug}/runs`, RunList),
    refetchInterval: (query) => (query.state.data?.items.some((run) => run.status === "RUNNING" || run.status === "PAUSED") ? 1_000 : false),
  });
}
