"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { fetchJson } from "@/components/api";
import { DiscussionPage } from "@/lib/projects/dashboard-types";
import { DiscussionView } from "@/lib/synthesis/discussion-view-types";

/** Discussions in the browser: a project's list and one discussion's view (its live turns come over SSE, useDiscussionEvents). */

const discussionKey = (id: string) => ["discussion", id] as const;

/** The project's discussions, a page at a time; `live`: every loaded page comes again every five seconds. */
export function useDiscussions(slug: string, { live }: { live: boolean }) {
  return useInfiniteQuery({
    queryKey: ["discussions", slug],
    queryFn: ({ pageParam }) =>
      fetchJson(`/api/projects/${slug}/discussions?limit=25${pageParam ? `&cursor=${pageParam}` : ""}`, DiscussionPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: live ? 5_000 : false,
  });
}

export function useDiscussion(id: string) {
  return useQuery({ queryKey: discussionKey(id), queryFn: () => fetchJson(`/api/discussions/${id}`, DiscussionView) });
}

/** Read the discussion's view again (its memories or candidate changed). */
export function useRefreshDiscussion(id: string) {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: discussionKey(id) }), [queryClient, id]);
}
