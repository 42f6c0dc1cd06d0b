"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, messageOf } from "@/components/api";
import { decideCandidate, reopenCandidate, useCandidate, useQueue, useReviewCache } from "@/components/data/review";
import { projectRole, useMe } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";
import { CandidatePanel } from "@/components/review/CandidatePanel";
import { DecisionPrompt, type PendingDecision } from "@/components/review/DecisionPrompt";
import type { Revision } from "@/components/review/fields";
import { DEFAULT_FILTERS, filterQuery, QueueFilters, type QueueFilterValues } from "@/components/review/QueueFilters";
import { claimedByOther, QueueList } from "@/components/review/QueueList";
import { useClaim } from "@/components/review/useClaim";
import { can } from "@/lib/auth/permissions";
import { testsFail } from "@/lib/review/test-status";

const KEYS: [string, string][] = [
  ["j / k", "next / previous item (skipping items another reviewer has claimed)"],
  ["a", "accept (asks first when its tests fail)"],
  ["r", "reject, with a reason"],
  ["o", "reopen a decided item, with a reason (it returns to the queue; its decision stays in the history)"],
  ["e", "edit the instruction, solution and tests (save: one new revision, its tests run again)"],
  ["?", "show or hide these keys"],
];

/**
 * The review queue, keyboard first: server-side filters and keyset pages in a windowed list, j/k to
 * move, a to accept, r to reject with a reason, e to edit, o to reopen. Opening an item claims it for
 * this reviewer (renewed while open, released on leaving), so two reviewers do not take the same one.
 * A decision names the revision on screen; the server refuses it if that is stale, if the item was
 * decided meanwhile or another reviewer holds it, and its reason is shown in the item.
 */
export function ReviewQueue({ slug }: { slug: string }) {
  const cache = useReviewCache();
  const [filters, setFilters] = useState<QueueFilterValues>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState(0);
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [editBase, setEditBase] = useState<Revision | null>(null);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [refusal, setRefusal] = useState<{ id: string; message: string } | null>(null);
  const params = new URLSearchParams({ limit: "50", ...filterQuery(filters) });
  const queue = useQueue(slug, params);
  const items = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);
  const current = items[Math.min(selected, Math.max(items.length - 1, 0))];
  const detail = useCandidate(current?.id);
  const me = useMe();
  const projectId = detail.data?.projectId;
  const mayReview = can(projectRole(me.data, projectId), "review:decide");
  const claim = useClaim(detail.data?.id === current?.id ? current?.id : undefined, mayReview);
  const blockedBy = detail.data?.claim && !detail.data.claim.mine ? `${detail.data.claim.by} is reviewing this item` : claim.refused;
  const { fetchNextPage } = queue;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const select = useCallback((index: number) => {
    setSelected(index);
    setEditBase(null);
    setPending(null);
    setRefusal(null);
  }, []);

  // The open item as it is on screen (null while another is still loading).
  const shown = detail.data && detail.data.id === current?.id ? detail.data : null;

  /**
   * Sends a decision or a reopening. A refusal (409) is shown in the item, fetched again to show what
   * changed; the list is left as it is until the next step, so the item (and why) stays in view.
   */
  const send = useCallback(
    async (write: (id: string) => Promise<void>, done: string) => {
      if (!current) return;
      setPending(null);
      try {
        await write(current.id);
        setMessage(`${done}: ${current.instruction.slice(0, 80)}`);
        setRefusal(null);
        setEditBase(null);
        await cache.refreshCandidate(current.id);
        await cache.refreshQueue(slug);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409)) return setMessage(messageOf(error));
        setRefusal({ id: current.id, message: error.message });
        await cache.refreshCandidate(current.id);
      }
    },
    [current, cache, slug],
  );

  const submitDecision = useCallback(
    async (decision: "accept" | "reject", { comment, acceptFailing = false }: { comment?: string; acceptFailing?: boolean } = {}) => {
      if (!current || !shown?.currentRevisionId) return;
      const revisionId = shown.currentRevisionId;
      await send(
        (id) => decideCandidate(id, { decision, revisionId, comment, acceptFailing }),
        decision === "accept" ? "Accepted" : "Rejected",
      );
    },
    [current, shown, send],
  );

  const submitReopen = useCallback(
    async (reason: string) => {
      if (current) await send((id) => reopenCandidate(id, { reason }), "Reopened, back in the queue");
    },
    [current, send],
  );

  useEffect(() => {
    // Rejecting asks for the reason, accepting failing tests for a confirmation: inline, below.
    const decide = (decision: "accept" | "reject") => {
      if (!current) return;
      if (!shown) return setMessage("The item is still loading; decide once it shows.");
      if (blockedBy) return setMessage(`${blockedBy}: you cannot ${decision} it until they leave it or the claim expires.`);
      const standing = shown.reviewStatus !== "PENDING" ? shown.history.at(-1) : undefined;
      if (standing)
        return setRefusal({
          id: current.id,
          message: `It is decided already (${standing.kind === "ACCEPT" ? "accepted" : "rejected"} by ${standing.by}); reopen it (o) to decide again.`,
        });
      // The open item's own status is fresher than the list's (an edit's tests may have just failed).
      const status = shown.verificationStatus;
      if (decision === "reject") setPending({ kind: "reject" });
      else if (testsFail(status)) setPending({ kind: "accept-failing", status });
      else void submitDecision("accept");
    };
    // j/k step over items another reviewer holds: they cannot be decided here anyway.
    const step = (from: number, by: 1 | -1) => {
      for (let i = from + by; i >= 0 && i < items.length; i += by) if (!claimedByOther(items[i]!)) return i;
      return from;
    };
    const onKey = (event: KeyboardEvent) => {
      // Keys belong to whatever has focus when it takes text (a filter, the editor).
      if (
        (event.target instanceof HTMLElement && event.target.closest("input, select, textarea, .monaco-editor")) ||
        event.metaKey ||
        event.ctrlKey ||
        event.altKey
      )
        return;
      const at = Math.min(selected, Math.max(items.length - 1, 0));
      if (event.key === "j") select(step(at, 1));
      else if (event.key === "k") select(step(at, -1));
      else if (event.key === "a") decide("accept");
      else if (event.key === "r") decide("reject");
      else if (event.key === "o") {
        if (blockedBy) setMessage(`${blockedBy}: you cannot reopen it until they leave it or the claim expires.`);
        else if (shown && shown.reviewStatus !== "PENDING" && mayReview) setPending({ kind: "reopen" });
      } else if (event.key === "?") setHelp((h) => !h);
      else if (event.key === "e") {
        const revision = detail.data?.revisions.find((r) => r.id === detail.data?.currentRevisionId);
        if (blockedBy) setMessage(`${blockedBy}: you cannot edit it until they leave it or the claim expires.`);
        else if (revision && detail.data?.id === current?.id) setEditBase((base) => base ?? revision);
      } else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, items, selected, select, blockedBy, detail.data, shown, mayReview, submitDecision]);

  return (
    <div className="space-y-4">
      <QueueFilters
        filters={filters}
        onChange={(next) => {
          setFilters(next);
          select(0);
        }}
      />
      {help && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="review-keys">
          {KEYS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt className="font-mono">{key}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      )}
      {pending && (
        <DecisionPrompt
          key={`${current?.id}:${pending.kind}`}
          pending={pending}
          onDecide={(comment) =>
            void (pending.kind === "reopen"
              ? submitReopen(comment ?? "")
              : submitDecision(pending.kind === "reject" ? "reject" : "accept", {
                  comment,
                  acceptFailing: pending.kind === "accept-failing",
                }))
          }
          onCancel={() => setPending(null)}
        />
      )}
      {message && (
        <p role="status" data-testid="review-message" className="text-sm text-slate-700">
          {message}
        </p>
      )}
      {queue.error ? (
        <ErrorNote testId="queue-error">{queue.error.message}</ErrorNote>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
          <QueueList
            items={items}
            selectedId={current?.id}
            onSelect={select}
            hasMore={queue.hasNextPage}
            loadingMore={queue.isFetchingNextPage}
            onLoadMore={loadMore}
            loading={queue.isPending}
          />
          {detail.error ? (
            <ErrorNote testId="detail-error">{detail.error.message}</ErrorNote>
          ) : detail.data && detail.data.id === current?.id ? (
            <CandidatePanel
              key={`${detail.data.id}:${editBase?.id ?? ""}`}
              detail={detail.data}
              editBase={editBase}
              refused={claim.refused}
              decisionRefused={refusal?.id === detail.data.id ? refusal.message : null}
              mayReview={mayReview}
              onReopen={() => setPending({ kind: "reopen" })}
              onStopEditing={() => setEditBase(null)}
              onMessage={setMessage}
              onFilterSeed={(seed) => {
                setFilters({ ...filters, seed });
                select(0);
              }}
            />
          ) : null}
        </div>
      )}
    </div>
  );
}
