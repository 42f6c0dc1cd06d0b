"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { AuditPage } from "@/lib/auth/audit-types";

/** The audit log, newest first, a page at a time; `filters` is the query string (limit, actor, action). */
export function useAuditLog(filters: URLSearchParams) {
  return useInfiniteQuery({
    queryKey: ["audit", filters.toString()],
    queryFn: ({ pageParam }) => fetchJson(`/api/audit?${filters}${pageParam ? `&cursor=${pageParam}` : ""}`, AuditPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
