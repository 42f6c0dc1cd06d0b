"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/components/api";
import { AgreementReport, DisagreementPage } from "@/lib/review/agreement/report-types";

/** A project's agreement report and its items in disagreement (keyset pages), filtered by language and dates (empty: all). */

export interface AgreementFilters {
  language: string;
  from: string;
  to: string;
}

const base = (slug: string) => `/api/projects/${encodeURIComponent(slug)}/agreement`;

export function useAgreement(slug: string, filters: AgreementFilters) {
  return useQuery({
    queryKey: ["agreement", slug, filters],
    queryFn: () => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      return fetchJson(`${base(slug)}?${query}`, AgreementReport);
    },
  });
}

export function useDisagreements(slug: string, filters: AgreementFilters) {
  return useInfiniteQuery({
    queryKey: ["agreement-disagreements", slug, filters],
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: "25" });
      for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
      if (pageParam) query.set("cursor", pageParam);
      return fetchJson(`${base(slug)}/disagreements?${query}`, DisagreementPage);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
