"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/components/api";
import type { StartEvalInput } from "@/lib/eval/types";
import {
  EvalComparison,
  EvalResultPage,
  EvalRunList,
  EvalRunView,
  type EvalVerdictName,
  type UpdateEvalInput,
} from "@/lib/eval/view-types";

/** A project's evaluations in the browser: the live list, one run, its answers, comparisons, and starting, relabelling or cancelling one. */

const base = (slug: string) => `/api/projects/${encodeURIComponent(slug)}/evaluations`;
const listKey = (slug: string) => ["evaluations", slug] as const;
const runKey = (slug: string, id: string) => ["evaluation", slug, id] as const;
const live = (status: EvalRunView["status"] | undefined) => status === "QUEUED" || status === "RUNNING";

/** The project's evaluations; refreshed every second while one is queued or running, so its progress is live. */
export function useEvaluations(slug: string) {
  return useQuery({
    queryKey: listKey(slug),
    queryFn: () => fetchJson(base(slug), EvalRunList),
    refetchInterval: (query) => (query.state.data?.items.some((run) => live(run.status)) ? 1_000 : false),
  });
}

export function useEvaluation(slug: string, id: string) {
  return useQuery({
    queryKey: runKey(slug, id),
    queryFn: () => fetchJson(`${base(slug)}/${id}`, EvalRunView),
    refetchInterval: (query) => (live(query.state.data?.status) ? 1_000 : false),
  });
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[1] === slug && String(query.queryKey[0]).startsWith("evaluation"),
    });
}

export function useStartEvaluation(slug: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: async (input: StartEvalInput) => EvalRunView.parse(await sendJson("POST", base(slug), input)),
    onSuccess: refresh,
  });
}

export function useUpdateEvaluation(slug: string, id: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: async (input: UpdateEvalInput) => EvalRunView.parse(await sendJson("PATCH", `${base(slug)}/${id}`, input)),
    onSuccess: refresh,
  });
}

export function useCancelEvaluation(slug: string, id: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: async () => void (await sendJson("POST", `${base(slug)}/${id}/cancel`)),
    onSuccess: refresh,
  });
}

export interface ResultFilters {
  language: string;
  verdict: EvalVerdictName | "";
  task: string;
}

/** A run's answers, a page at a time, filtered (empty: not filtered). */
export function useEvalResults(slug: string, id: string, filters: ResultFilters) {
  return useInfiniteQuery({
    queryKey: ["evaluation-results", slug, id, filters],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: "25" });
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      if (pageParam) query.set("cursor", pageParam);
      return fetchJson(`${base(slug)}/${id}/results?${query}`, EvalResultPage);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Runs side by side (two or more ids; fewer: nothing asked), and the problems that flipped between the first two. */
export function useEvalComparison(slug: string, ids: string[]) {
  return useQuery({
    queryKey: ["evaluation-compare", slug, ids],
    queryFn: () => fetchJson(`${base(slug)}/compare?runs=${ids.map(encodeURIComponent).join(",")}`, EvalComparison),
    enabled: ids.length >= 2,
  });
}
