"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { AuditPage } from "@/lib/auth/audit-types";

/** The audit log's filters as the page's URL carries them (`?action=&actor=&project=&type=&from=&to=`, dates as YYYY-MM-DD, UTC). */
export interface AuditFilters {
  action?: string;
  actor?: string;
  project?: string;
  type?: string;
  from?: string;
  to?: string;
}

export const AUDIT_FILTER_KEYS = ["action", "actor", "project", "type", "from", "to"] as const;

/** The API's query for these filters: a day range becomes `since`/`until` covering whole UTC days. */
export function auditQuery(filters: AuditFilters, limit = 50): URLSearchParams {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.action?.trim()) query.set("action", filters.action.trim());
  if (filters.actor?.trim()) query.set("actor", filters.actor.trim());
  if (filters.project) query.set("project", filters.project);
  if (filters.type) query.set("targetType", filters.type);
  if (filters.from) query.set("since", `${filters.from}T00:00:00.000Z`);
  if (filters.to) query.set("until", `${filters.to}T23:59:59.999Z`);
  return query;
}

/** The audit log, newest first, a page at a time. */
export function useAuditLog(filters: AuditFilters) {
  const query = auditQuery(filters);
  return useInfiniteQuery({
    queryKey: ["audit", query.toString()],
    queryFn: ({ pageParam }) => fetchJson(`/api/audit?${query}${pageParam ? `&cursor=${pageParam}` : ""}`, AuditPage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
