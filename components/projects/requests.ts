"use client";

import { useQuery } from "@tanstack/react-query";
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

/** The project's runs; refreshed every second while one is running or paused, so its state is live. */
export function useProjectRuns(slug: string) {
  return useQuery({
    queryKey: ["project-runs", slug],
    queryFn: () => fetchJson(`/api/projects/${slug}/runs`, RunList),
    refetchInterval: (query) => (query.state.data?.items.some((run) => run.status === "RUNNING" || run.status === "PAUSED") ? 1_000 : false),
  });
}
