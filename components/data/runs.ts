"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/components/api";
import { RunList, type RUN_STAGES } from "@/lib/projects/config-types";

type RunStart = { stages: (typeof RUN_STAGES)[number][]; limit: number | undefined };

/** A project's synthesis runs in the browser: the live list, starting one, and pausing, resuming or cancelling it. */

const runsKey = (slug: string) => ["project-runs", slug] as const;

/** The project's runs; refreshed every second while one is running or paused, so its state is live. */
export function useProjectRuns(slug: string) {
  return useQuery({
    queryKey: runsKey(slug),
    queryFn: () => fetchJson(`/api/projects/${slug}/runs`, RunList),
    refetchInterval: (query) =>
      query.state.data?.items.some((run) => run.status === "RUNNING" || run.status === "PAUSED") ? 1_000 : false,
  });
}

export function useStartRun(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: RunStart) => void (await sendJson("POST", `/api/projects/${slug}/runs`, body)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runsKey(slug) }),
  });
}

export function useControlRun(slug: string, runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (action: "pause" | "resume" | "cancel") => void (await sendJson("POST", `/api/runs/${runId}`, { action })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: runsKey(slug) }),
  });
}
