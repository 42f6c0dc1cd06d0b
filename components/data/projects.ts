"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { answerOf, fetchJson, sendJson } from "@/components/api";
import { LLM_ROLES, type LlmRoleName } from "@/lib/model-roles";
import { ProjectConfig, UploadResult, type CreateProjectInput } from "@/lib/projects/config-types";
import { ProjectPage } from "@/lib/projects/types";

/** Projects in the browser: the list, one project's settings, and the writes that refresh them. */

const PROJECTS_KEY = ["projects"] as const;
const configKey = (slug: string) => ["project-config", slug] as const;

export function useProjects() {
  return useInfiniteQuery({
    queryKey: PROJECTS_KEY,
    queryFn: ({ pageParam }) => fetchJson(`/api/projects?limit=25${pageParam ? `&cursor=${pageParam}` : ""}`, ProjectPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCreateProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CreateProjectInput) => void (await sendJson("POST", "/api/projects", input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PROJECTS_KEY }),
  });
}

export function useProjectConfig(slug: string) {
  return useQuery({ queryKey: configKey(slug), queryFn: () => fetchJson(`/api/projects/${slug}/settings`, ProjectConfig) });
}

/** PATCH the project's settings (name, languages, protocol settings: whichever the body names). */
export function useUpdateProject(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Record<string, unknown>) => void (await sendJson("PATCH", `/api/projects/${slug}/settings`, body)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configKey(slug) }),
  });
}

/** Which endpoint profile each LLM role calls; a role left out (or blank) is sent as unbound. */
export function useSaveBindings(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (bindings: Partial<Record<LlmRoleName, string>>) => {
      await sendJson("PUT", `/api/projects/${slug}/bindings`, {
        bindings: Object.fromEntries(LLM_ROLES.map((role) => [role, bindings[role] || null])),
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configKey(slug) }),
  });
}

/** Upload snippet files (multipart: the browser sets the boundary); the answer says per file what was imported. */
export function useUploadSnippets(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ files, as = "snippets" }: { files: File[]; as?: "snippets" | "instructions" }) => {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      const response = await fetch(`/api/projects/${slug}/snippets${as === "instructions" ? "?as=instructions" : ""}`, {
        method: "POST",
        headers: { Accept: "application/json" },
        body: form,
      });
      return UploadResult.parse(await answerOf(response));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: configKey(slug) }),
  });
}
