"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, messageOf } from "@/components/api";
import {
  adjudicateCandidate,
  decideCandidate,
  reopenCandidate,
  useCandidate,
  useProjectOverlap,
  useQueue,
  useQueueCount,
  useReviewCache,
} from "@/components/data/review";
import { usePermission } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";
import { BulkDecision } from "@/components/review/BulkDecision";
import { CandidatePanel } from "@/components/review/CandidatePanel";
import type { DecisionActions } from "@/components/review/DecisionBar";
import { DecisionPrompt, type PendingDecision } from "@/components/review/DecisionPrompt";
import type { Revision } from "@/components/review/fields";
import { DEFAULT_FILTERS, filterQuery, QueueFilters, type QueueFilterValues } from "@/components/review/QueueFilters";
import { claimedByOther, QueueList } from "@/components/review/QueueList";
import { modeQuery, QueueModes, type QueueMode } from "@/components/review/QueueModes";
import { answeredOnly } from "@/components/review/RubricForm";
import { useClaim } from "@/components/review/useClaim";
import { rubricProblems, type RubricAnswers } from "@/lib/review/rubric-types";
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
 * The review queue: server-side filters (search included) and keyset pages in a windowed list, and
 * the open item with a button for every decision, each also a key (j/k move, a accept, r reject with
 * a reason, e edit, o reopen). Opening an item claims it for this reviewer (renewed while open,
 * released on leaving), so two reviewers do not take the same one. A decision names the revision on
 * screen; the server refuses it if that is stale, if the item was decided meanwhile or another
 * reviewer holds it, and its reason is shown in the item. `initialItem` (?item=) opens one item
 * first, wherever it is in the queue (a link from its discussion).
 *
 * Where items want several annotators (the project's overlap above 1), an annotator starts in their
 * to-do queue (pending items they have not decided: none is handed to them twice), answers the
 * project's rubric with each decision, and moves on to the next item once theirs is in; a curator
 * has the adjudication queue of disputed items beside it.
 */
export function ReviewQueue({ slug, initialItem }: { slug: string; initialItem?: string }) {
  const cache = useReviewCache();
  const [filters, setFilters] = useState<QueueFilterValues>(DEFAULT_FILTERS);
  const [selected, setSelected] = useState(0);
  const [pinned, setPinned] = useState<string | null>(initialItem ?? null);
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [editBase, setEditBase] = useState<Revision | null>(null);
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [refusal, setRefusal] = useState<{ id: string; message: string } | null>(null);
  const [chosenMode, setChosenMode] = useState<QueueMode | null>(null);
  // The rubric's answers for one item (another item starts blank), and what is wrong with them.
  const [answers, setAnswers] = useState<{ id: string; values: RubricAnswers; problems: string[] } | null>(null);
  // A link to another item of this queue (?item=, e.g. the one a duplicate is kept out for) opens it:
  // the page stays mounted, so the new URL arrives as a new prop.
  const [linkedItem, setLinkedItem] = useState(initialItem);
  if (initialItem !== linkedItem) {
    setLinkedItem(initialItem);
    if (initialItem) {
      setPinned(initialItem);
      setEditBase(null);
      setPending(null);
      setRefusal(null);
    }
  }
  const project = useProjectOverlap(slug);
  const projectDecide = usePermission("review:decide", project.projectId);
  const projectAdjudicate = usePermission("review:adjudicate", project.projectId);
  // Until the user picks one: their to-do queue when items want several annotators and they may
  // decide, else every item by the filters (one annotator per item: the pending filter is their to-do).
  const mode: QueueMode | null =
    chosenMode ?? (project.overlap === null || !projectDecide.known ? null : project.overlap > 1 && projectDecide.allowed ? "todo" : "all");
  const query = modeQuery(mode ?? "all", filterQuery(filters));
  const params = new URLSearchParams({ limit: "50", ...query });
  const queue = useQueue(slug, params, mode !== null);
  const disputed = useQueueCount(slug, { review: "DISPUTED" }, projectAdjudicate.allowed);
  const items = useMemo(() => queue.data?.pages.flatMap((page) => page.items) ?? [], [queue.data]);
  const at = Math.min(selected, Math.max(items.length - 1, 0));
  const currentId = pinned ?? items[at]?.id;
  const detail = useCandidate(currentId);
  const projectId = detail.data?.projectId;
  const permission = usePermission("review:decide", projectId);
  const mayReview = permission.allowed;
  // A disputed item is claimed only by who may settle it: an annotator looking at one would keep the curator out.
  const claimable = detail.data?.reviewStatus !== "DISPUTED" || Boolean(detail.data?.annotation.canAdjudicate);
  const claim = useClaim(detail.data?.id === currentId ? currentId : undefined, mayReview && claimable);
  const blockedBy = detail.data?.claim && !detail.data.claim.mine ? `${detail.data.claim.by} is reviewing this item` : claim.refused;
  const { fetchNextPage } = queue;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const select = useCallback((index: number) => {
    setSelected(index);
    setPinned(null);
    setEditBase(null);
    setPending(null);
    setRefusal(null);
  }, []);
  const rubricAnswers = answers && answers.id === currentId ? answers : null;

  // The open item as it is on screen (null while another is still loading).
  const shown = detail.data && detail.data.id === currentId ? detail.data : null;
  const title = shown?.revisions.find((r) => r.id === shown.currentRevisionId)?.instruction.slice(0, 80) ?? "";

  /**
   * Sends a decision or a reopening. A refusal (409) is shown in the item, fetched again to show what
   * changed; the list is left as it is until the next step, so the item (and why) stays in view.
   */
  const send = useCallback(
    async (write: (id: string) => Promise<{ message?: string; moveOn?: boolean } | void>, done: string) => {
      if (!currentId) return;
      setPending(null);
      try {
        const outcome = await write(currentId);
        setMessage(outcome?.message ?? `${done}: ${title}`);
        setRefusal(null);
        setEditBase(null);
        await cache.refreshCandidate(currentId);
        await cache.refreshQueue(slug);
        // Still pending (more annotators needed), the item stays in every queue but the to-do one,
        // which drops it by itself: elsewhere, step past it to the next.
        if (outcome?.moveOn && mode !== "todo") {
          setSelected(pinned ? 0 : at + 1);
          setPinned(null);
        }
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && answers?.id === currentId)
          // The rubric's answers refused: said by the form.
          return setAnswers({ ...answers, problems: [error.message] });
        if (!(error instanceof ApiError && error.status === 409)) return setMessage(messageOf(error));
        setRefusal({ id: currentId, message: error.message });
        await cache.refreshCandidate(currentId);
      }
    },
    [currentId, title, cache, slug, mode, pinned, at, answers],
  );

  const submitDecision = useCallback(
    async (decision: "accept" | "reject", { comment, acceptFailing = false }: { comment?: string; acceptFailing?: boolean } = {}) => {
      if (!shown?.currentRevisionId) return;
      const revisionId = shown.currentRevisionId;
      const rubric = shown.annotation.rubric.length ? answeredOnly(rubricAnswers?.values ?? {}) : undefined;
      await send(
        async (id) => {
          const result = await decideCandidate(id, { decision, revisionId, comment, acceptFailing, rubric });
          if (result.reviewStatus === "PENDING")
            return { message: `Your decision is in: ${result.decided} of ${result.required} annotators`, moveOn: true };
          if (result.reviewStatus === "DISPUTED")
            return { message: `Your decision is in; the annotators disagree, so a curator decides: ${title}` };
        },
        decision === "accept" ? "Accepted" : "Rejected",
      );
    },
    [shown, send, rubricAnswers, title],
  );

  const submitAdjudication = useCallback(
    async (decision: "accept" | "reject", { comment, acceptFailing }: { comment?: string; acceptFailing: boolean }) => {
      if (!shown?.currentRevisionId) return;
      const revisionId = shown.currentRevisionId;
      await send(
        (id) => adjudicateCandidate(id, { decision, revisionId, comment, acceptFailing }),
        decision === "accept" ? "Accepted (final)" : "Rejected (final)",
      );
    },
    [shown, send],
  );

  const submitReopen = useCallback(
    async (reason: string) => {
      await send((id) => reopenCandidate(id, { reason }), "Reopened, back in the queue");
    },
    [send],
  );

  /** The decisions, shared by the buttons and the keys. */
  const actions = useMemo<DecisionActions>(() => {
    // Rejecting asks for the reason, accepting failing tests for a confirmation: inline, by the item.
    const decide = (decision: "accept" | "reject") => {
      if (!currentId) return;
      if (!shown) return setMessage("The item is still loading; decide once it shows.");
      if (blockedBy) return setMessage(`${blockedBy}: you cannot ${decision} it until they leave it or the claim expires.`);
      const { annotation } = shown;
      if (shown.reviewStatus === "DISPUTED")
        return setRefusal({
          id: currentId,
          message: annotation.canAdjudicate
            ? "The annotators disagree on it: decide it in the adjudication panel below (your decision is final)."
            : "The annotators disagree on it; it awaits a curator's adjudication.",
        });
      if (annotation.mine && shown.reviewStatus === "PENDING")
        return setRefusal({
          id: currentId,
          message: `You ${annotation.mine.decision === "ACCEPT" ? "accepted" : "rejected"} it already; ${annotation.decided} of ${annotation.required} annotators have decided. Reopen it (o) to take your decision back.`,
        });
      const standing = shown.reviewStatus !== "PENDING" ? shown.history.at(-1) : undefined;
      if (standing)
        return setRefusal({
          id: currentId,
          message: `It is decided already (${standing.kind === "ACCEPT" ? "accepted" : "rejected"} by ${standing.by}); reopen it (o) to decide again.`,
        });
      // The page checks the rubric's answers first, so a reason is not asked for a decision the server would refuse.
      const problems = rubricProblems(annotation.rubric, answeredOnly(rubricAnswers?.values ?? {}));
      if (problems.length) return setAnswers({ id: currentId, values: rubricAnswers?.values ?? {}, problems });
      // The open item's own status is fresher than the list's (an edit's tests may have just failed).
      const status = shown.verificationStatus;
      if (decision === "reject") setPending({ kind: "reject" });
      else if (testsFail(status)) setPending({ kind: "accept-failing", status });
      else void submitDecision("accept");
    };
    // j/k (and the buttons) step over items another reviewer holds: they cannot be decided here anyway.
    const step = (by: 1 | -1) => {
      const from = pinned ? items.findIndex((item) => item.id === pinned) : at;
      for (let i = from + by; i >= 0 && i < items.length; i += by) if (!claimedByOther(items[i]!)) return select(i);
      if (from < 0 && items.length) select(0);
    };
    return {
      onNext: () => step(1),
      onPrevious: () => step(-1),
      onAccept: () => decide("accept"),
      onReject: () => decide("reject"),
      onReopen: () => {
        if (blockedBy) setMessage(`${blockedBy}: you cannot reopen it until they leave it or the claim expires.`);
        else if (shown && (shown.reviewStatus !== "PENDING" || shown.annotation.mine) && mayReview) setPending({ kind: "reopen" });
      },
      onEdit: () => {
        const revision = shown?.revisions.find((r) => r.id === shown.currentRevisionId);
        if (blockedBy) setMessage(`${blockedBy}: you cannot edit it until they leave it or the claim expires.`);
        else if (revision) setEditBase((base) => base ?? revision);
      },
    };
  }, [currentId, shown, blockedBy, submitDecision, pinned, items, at, select, mayReview, rubricAnswers]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Keys belong to whatever has focus when it takes text (a filter, the editor, a comment); a
      // rubric's checkbox or radio button takes none.
      if (
        (event.target instanceof HTMLElement &&
          event.target.closest("input:not([type=checkbox]):not([type=radio]), select, textarea, .monaco-editor")) ||
        event.metaKey ||
        event.ctrlKey ||
        event.altKey
      )
        return;
      const action = {
        j: actions.onNext,
        k: actions.onPrevious,
        a: actions.onAccept,
        r: actions.onReject,
        o: actions.onReopen,
        e: actions.onEdit,
        "?": () => setHelp((h) => !h),
      }[event.key];
      if (!action) return;
      action();
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [actions]);

  return (
    <div className="space-y-4">
      {mode && (
        <QueueModes
          mode={mode}
          onChange={(next) => {
            setChosenMode(next);
            select(0);
          }}
          canDecide={projectDecide.allowed}
          canAdjudicate={projectAdjudicate.allowed}
          disputed={disputed.data}
        />
      )}
      <QueueFilters
        filters={filters}
        onChange={(next) => {
          setFilters(next);
          select(0);
        }}
        onHelp={() => setHelp((h) => !h)}
        fixedReview={mode === "todo" || mode === "adjudication"}
      />
      {/* A bulk decision is final for every item it takes: offered on the plain filters, not in an annotator's or curator's queue. */}
      {mayReview && mode === "all" && (
        <BulkDecision
          slug={slug}
          filter={query}
          onDone={async (done) => {
            setMessage(done);
            await cache.refreshQueue(slug);
            if (currentId) await cache.refreshCandidate(currentId);
          }}
        />
      )}
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
      {message && (
        <p role="status" data-testid="review-message" className="break-words text-sm text-slate-700">
          {message}
        </p>
      )}
      {queue.error ? (
        <ErrorNote testId="queue-error">{queue.error.message}</ErrorNote>
      ) : (
        <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
          <QueueList
            items={items}
            selectedId={currentId}
            onSelect={select}
            hasMore={queue.hasNextPage}
            loadingMore={queue.isFetchingNextPage}
            onLoadMore={loadMore}
            loading={queue.isPending}
          />
          <div className="min-w-0 space-y-3">
            {pending && (
              <DecisionPrompt
                key={`${currentId}:${pending.kind}`}
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
            {detail.error ? (
              <ErrorNote testId="detail-error">{detail.error.message}</ErrorNote>
            ) : shown ? (
              <CandidatePanel
                key={`${shown.id}:${editBase?.id ?? ""}`}
                detail={shown}
                editBase={editBase}
                heldClaim={claim.held}
                refused={claim.refused}
                decisionRefused={refusal?.id === shown.id ? refusal.message : null}
                permission={permission}
                actions={actions}
                blocked={Boolean(blockedBy)}
                rubric={{
                  answers: rubricAnswers?.values ?? {},
                  onChange: (values) => setAnswers({ id: shown.id, values, problems: [] }),
                  problems: rubricAnswers?.problems ?? [],
                }}
                onAdjudicate={submitAdjudication}
                onStopEditing={() => setEditBase(null)}
                onMessage={setMessage}
                onFilterSeed={(seed) => {
                  setFilters({ ...filters, seed });
                  select(0);
                }}
              />
            ) : null}
          </div>
        </div>
      )}
    </div>
  );
}
