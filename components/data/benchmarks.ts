"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { answerOf, fetchJson, sendJson } from "@/components/api";
import { BenchmarkFile, BenchmarkList } from "@/lib/projects/benchmark-types";

/** A project's benchmark files in the browser: the list (with the bundled benchmarks), upload and removal. */

const benchmarksKey = (slug: string) => ["benchmarks", slug] as const;

export function useBenchmarks(slug: string) {
  return useQuery({ queryKey: benchmarksKey(slug), queryFn: () => fetchJson(`/api/projects/${slug}/benchmarks`, BenchmarkList) });
}

/** Uploads a JSONL file (multipart: the browser sets the boundary) under `name` (blank: the file's name). */
export function useAddBenchmark(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, name }: { file: File; name: string }) => {
      const form = new FormData();
      form.append("file", file, file.name);
      if (name.trim()) form.append("name", name.trim());
      const response = await fetch(`/api/projects/${slug}/benchmarks`, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: form,
      });
      return BenchmarkFile.parse(await answerOf(response));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: benchmarksKey(slug) }),
  });
}

export function useRemoveBenchmark(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => void (await sendJson("DELETE", `/api/projects/${slug}/benchmarks/${id}`)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: benchmarksKey(slug) }),
  });
}
