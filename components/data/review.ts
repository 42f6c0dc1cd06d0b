"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { fetchJson, postJson } from "@/components/api";
import { useProjectConfig } from "@/components/data/projects";
import { DecisionResult } from "@/lib/review/annotation-types";
import { CandidateDetail } from "@/lib/review/candidate-types";
import { ItemComments, ItemCommentView } from "@/lib/review/comment-types";
import { QueuePage } from "@/lib/review/queue-types";
import type { RubricAnswers } from "@/lib/review/rubric-types";
import { testsRunning } from "@/lib/review/test-status";

/**
 * The review queue in the browser: its pages, one candidate, the claim on it, its comments, the
 * project's overlap, and the writes (revisions, decisions, adjudications, reopenings, bulk decisions).
 */

const queueKey = (slug?: string) => (slug === undefined ? ["queue"] : ["queue", slug]);
const candidateKey = (id: string | undefined) => ["candidate", id] as const;

/** The queue's keyset pages; `params` carries the filters and the page size (`enabled`: once the screen knows which queue). */
export function useQueue(slug: string, params: URLSearchParams, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: [...queueKey(slug), params.toString()],
    queryFn: ({ pageParam }) =>
      fetchJson(`/api/projects/${slug}/candidates?${params}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ""}`, QueuePage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useCandidate(id: string | undefined) {
  return useQuery({
    queryKey: candidateKey(id),
    queryFn: () => fetchJson(`/api/candidates/${id!}`, CandidateDetail),
    enabled: Boolean(id),
    // While an edit's tests are queued or running, look again every second (stopping at RUNNING left
    // "running" on screen after the verdict).
    refetchInterval: (query) => (query.state.data && testsRunning(query.state.data) ? 1_000 : false),
  });
}

/** The cached queue and candidates, by their keys: read again after a write, or (a claim) written in place. */
export function useReviewCache() {
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      refreshCandidate: (id: string) => queryClient.invalidateQueries({ queryKey: candidateKey(id) }),
      /** One project's queue, or (no slug) every queue loaded. */
      refreshQueue: (slug?: string) => queryClient.invalidateQueries({ queryKey: queueKey(slug) }),
      cachedCandidate: (id: string) => queryClient.getQueryData<CandidateDetail>(candidateKey(id)),
      showClaim: (id: string, claim: CandidateDetail["claim"]) =>
        queryClient.setQueryData<CandidateDetail>(candidateKey(id), (item) => item && { ...item, claim }),
    }),
    [queryClient],
  );
}

const ClaimAnswer = z.object({ claimedBy: z.string(), expiresAt: z.string() });

export async function claimCandidate(id: string): Promise<z.infer<typeof ClaimAnswer>> {
  return ClaimAnswer.parse(await postJson(`/api/candidates/${id}/claim`));
}

/** Kept alive past a closing tab, so leaving the page still lets the item go. */
export function releaseCandidate(id: string): Promise<Response> {
  return fetch(`/api/candidates/${id}/claim`, { method: "DELETE", keepalive: true, headers: { Accept: "application/json" } });
}

const SavedRevision = z.object({ number: z.number() });

/** One new revision on top of `parentRevisionId` (the server refuses it with a 409 when that is no longer current). */
export async function saveRevision(id: string, body: { parentRevisionId: string; instruction: string; solution: string; tests: string }) {
  return SavedRevision.parse(await postJson(`/api/candidates/${id}/revisions`, body));
}

type Decision = { decision: "accept" | "reject"; revisionId: string; comment?: string; acceptFailing: boolean };

/** An annotator's decision (with the rubric's answers, when the project has a rubric): where the item stands after it. */
export async function decideCandidate(id: string, body: Decision & { rubric?: RubricAnswers }): Promise<DecisionResult> {
  return DecisionResult.parse(await postJson(`/api/candidates/${id}/decision`, body));
}

/** A curator's final decision on a disputed item. */
export async function adjudicateCandidate(id: string, body: Decision): Promise<void> {
  await postJson(`/api/candidates/${id}/adjudication`, body);
}

const ReviewOverlap = z
  .object({ overlap: z.number().default(1), overlapByLanguage: z.record(z.string(), z.number()).default({}) })
  .catch({ overlap: 1, overlapByLanguage: {} });

/**
 * The most annotators any item of the project may need (the project's or a language's overlap; null
 * while its settings load): above 1, the screen opens on the viewer's to-do queue.
 */
export function useProjectOverlap(slug: string): { projectId: string | undefined; overlap: number | null } {
  const config = useProjectConfig(slug);
  const review = config.data ? ReviewOverlap.parse(config.data.settings.review ?? {}) : null;
  return {
    projectId: config.data?.id,
    overlap: review ? Math.max(review.overlap, ...Object.values(review.overlapByLanguage)) : config.isError ? 1 : null,
  };
}

/**
 * How many items of a queue filter there are, up to `cap` (then `more`): the adjudication queue's
 * count beside its tab. One capped page is cheaper than counting, and "100+" says enough.
 */
export function useQueueCount(slug: string, filter: Record<string, string>, enabled: boolean, cap = 100) {
  const params = new URLSearchParams({ ...filter, limit: String(cap) });
  return useQuery({
    queryKey: [...queueKey(slug), "count", params.toString()],
    queryFn: () => fetchJson(`/api/projects/${slug}/candidates?${params}`, QueuePage),
    select: (page) => ({ count: page.items.length, more: page.nextCursor !== null }),
    enabled,
  });
}

export async function reopenCandidate(id: string, body: { reason: string }): Promise<void> {
  await postJson(`/api/candidates/${id}/reopen`, body);
}

const commentsKey = (id: string | undefined) => ["item-comments", id] as const;

/** An item's comment thread, oldest first (replies name their parent). */
export function useItemComments(id: string | undefined) {
  return useQuery({
    queryKey: commentsKey(id),
    queryFn: async () => (await fetchJson(`/api/candidates/${id!}/comments`, ItemComments)).comments,
    enabled: Boolean(id),
  });
}

/** Posts a comment or (with `parentId`) a reply, then reads the thread again. */
export function usePostComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { body: string; parentId?: string }) =>
      ItemCommentView.parse(await postJson(`/api/candidates/${id}/comments`, body)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(id) }),
  });
}

export const BulkOutcome = z.object({
  matched: z.number(),
  changed: z.number(),
  skipped: z.object({ decided: z.number(), claimed: z.number(), failingTests: z.number() }),
  ids: z.array(z.string()),
});
export type BulkOutcome = z.infer<typeof BulkOutcome>;

/** A decision on every item the queue's filters select: `dryRun` counts; otherwise `expected` is the count confirmed. */
export async function bulkDecision(
  slug: string,
  body: { decision: "accept" | "reject"; filter: Record<string, string>; comment?: string; dryRun: boolean; expected?: number },
): Promise<BulkOutcome> {
  return BulkOutcome.parse(await postJson(`/api/projects/${slug}/candidates/bulk-decision`, body));
}
