"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { Dashboard } from "@/lib/projects/dashboard-types";

/**
 * A project's dashboard (figures, runs, and the project's id and languages). `live`: refreshed every two seconds while a run
 * is going, else every ten; the datasets page reads it once, for the project's id and languages.
 */
export function useDashboard(slug: string, { live = false } = {}) {
  return useQuery({
    queryKey: ["dashboard", slug],
    queryFn: () => fetchJson(`/api/projects/${slug}/dashboard`, Dashboard),
    refetchInterval: live ? (query) => (query.state.data?.runs.some((run) => run.status === "RUNNING") ? 2_000 : 10_000) : false,
  });
}
