import "server-only";
import type { Audit } from "@/lib/auth/audit";
import { can, roleOf } from "@/lib/auth/permissions";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids";
import type { Reviewer } from "@/lib/review/decision-state";
import { requiredDecisions } from "@/lib/review/overlap";
import { queueWhere } from "@/lib/review/queue-filter";
import type { QueueFilter } from "@/lib/review/queue-types";
import { testsFail } from "@/lib/review/test-status";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** More than this in one action is refused: narrow the filter (the audit event lists every id). */
export const BULK_LIMIT = 5_000;

export interface BulkOutcome {
  /** Items the filter selects. */
  matched: number;
  /** Items decided (or, in a dry run, that would be). */
  changed: number;
  /**
   * Why items were left as they were: decided already (final), disputed (a curator adjudicates them one
   * by one), annotated (an annotator's decision stands on them: they follow the overlap), overlap (they
   * need several annotators, and only a curator decides those in bulk), claimed by another reviewer,
   * or (accepting) with failing tests.
   */
  skipped: { decided: number; disputed: number; annotated: number; overlap: number; claimed: number; failingTests: number };
  ids: string[];
}

interface Row {
  id: string;
  language: string;
  review_status: string;
  verification_status: string;
  current_revision_id: string | null;
  claimed_by_other: boolean;
  annotated: boolean;
}

/** Sorts the locked rows into those to decide and those skipped, with why. */
function classify(rows: Row[], decision: "accept" | "reject", needsSeveral: (row: Row) => boolean) {
  const skipped = { decided: 0, disputed: 0, annotated: 0, overlap: 0, claimed: 0, failingTests: 0 };
  const take: Row[] = [];
  for (const row of rows) {
    if (row.review_status === "DISPUTED") skipped.disputed++;
    else if (row.review_status !== "PENDING" || !row.current_revision_id) skipped.decided++;
    // A bulk decision is a curator's final one: it does not overrule, nor count as, an annotator's.
    else if (row.annotated) skipped.annotated++;
    else if (needsSeveral(row)) skipped.overlap++;
    else if (row.claimed_by_other) skipped.claimed++;
    // A failing item is accepted one at a time, after a confirmation naming it, never in bulk.
    else if (decision === "accept" && testsFail(row.verification_status)) skipped.failingTests++;
    else take.push(row);
  }
  return { take, skipped };
}

/**
 * Accepts or rejects every item a queue filter selects, set-based in one transaction: a final
 * decision, whatever the project's overlap (so an annotator's bulk decision takes only the items one
 * decision settles; a curator's takes any). The rows are locked (in id order, so two bulk actions
 * cannot deadlock); items decided already, disputed, with an annotator's standing decision (partway
 * through their overlap), claimed by another reviewer or (accepting) with failing tests are skipped
 * and counted; the rest get one decision each in one insert and their status in one update, and the
 * whole action is ONE audit event listing the ids. A dry run counts the same way and writes nothing. `expected` (the count the
 * reviewer confirmed) refuses the action when the filter now selects a different number.
 */
export async function bulkDecide({
  db,
  projectId,
  filter,
  decision,
  comment,
  reviewer,
  dryRun,
  expected,
  audit,
}: {
  db: Db;
  projectId: string;
  filter: QueueFilter;
  decision: "accept" | "reject";
  comment?: string;
  reviewer: Reviewer;
  dryRun: boolean;
  expected?: number;
  audit: Audit;
}): Promise<BulkOutcome> {
  if (decision === "reject" && !comment?.trim()) throw new AppError("BAD_REQUEST", "Say why these items are rejected (comment).");
  return db.$transaction(async (tx) => {
    const matched = await tx.candidate.findMany({
      // Decided and claimed items are selected too, so the answer can say how many were skipped and why.
      where: queueWhere(projectId, { ...filter, review: undefined, todo: undefined, hideClaimed: undefined }, reviewer.userId),
      select: { id: true },
      orderBy: { id: "asc" },
      take: BULK_LIMIT + 1,
    });
    if (matched.length > BULK_LIMIT)
      throw new AppError("BAD_REQUEST", `The filter selects more than ${BULK_LIMIT} items; narrow it to decide them in bulk.`);
    const ids = matched.map((m) => m.id);
    const rows = ids.length ? await lockRows(tx, ids, reviewer.userId, !dryRun) : [];
    // An annotator decides in bulk only what one decision settles; a curator's bulk decision is final on any item.
    const { review } = parseProjectSettings(
      (await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings,
    );
    const curator = can(roleOf(reviewer, projectId), "review:adjudicate");
    const { take, skipped } = classify(rows, decision, (row) => !curator && requiredDecisions(review, row) > 1);
    const outcome = { matched: rows.length, changed: take.length, skipped, ids: take.map((r) => r.id) };
    if (dryRun) return outcome;
    if (expected !== undefined && expected !== take.length)
      throw new AppError(
        "CONFLICT",
        `The filter now selects ${take.length} item(s) to ${decision}, not the ${expected} you confirmed; count again, then confirm.`,
      );
    if (take.length === 0) return outcome;
    await tx.review.createMany({
      data: take.map((row) => ({
        id: uuidv7(),
        candidateId: row.id,
        revisionId: row.current_revision_id!,
        reviewerId: reviewer.userId,
        decision: decision === "accept" ? ("ACCEPT" as const) : ("REJECT" as const),
        comment: comment?.trim() || null,
      })),
    });
    const reviewStatus = decision === "accept" ? "ACCEPTED" : "REJECTED";
    await tx.candidate.updateMany({ where: { id: { in: outcome.ids } }, data: { reviewStatus } });
    // As with one decision, deciding ends the decider's own claims on these items.
    await tx.candidate.updateMany({
      where: { id: { in: outcome.ids }, claimedById: reviewer.userId },
      data: { claimedById: null, claimExpiresAt: null },
    });
    await audit(
      `candidates.bulk_${decision}`,
      { type: "project", id: projectId, projectId },
      {
        before: { reviewStatus: "PENDING" },
        after: { reviewStatus, filter, comment: comment?.trim() || undefined, count: take.length, skipped, ids: outcome.ids },
      },
      tx,
    );
    return outcome;
  });
}

/** The selected rows as they are now (locked when about to write), with whether another reviewer holds each. */
function lockRows(tx: Prisma.TransactionClient, ids: string[], userId: string, lock: boolean): Promise<Row[]> {
  // The claim is judged by the database clock, as every single decision judges it.
  return lock
    ? tx.$queryRaw<Row[]>`
        select c.id, c.language, c.review_status::text, c.verification_status::text, c.current_revision_id,
               (c.claimed_by_id is not null and c.claimed_by_id <> ${userId}::uuid and c.claim_expires_at > now()) as claimed_by_other,
               exists (select 1 from reviews r where r.candidate_id = c.id
                        and not exists (select 1 from review_reopenings o where o.review_id = r.id)) as annotated
        from candidates c where c.id = any(${ids}::uuid[]) order by c.id for update of c`
    : tx.$queryRaw<Row[]>`
        select c.id, c.language, c.review_status::text, c.verification_status::text, c.current_revision_id,
               (c.claimed_by_id is not null and c.claimed_by_id <> ${userId}::uuid and c.claim_expires_at > now()) as claimed_by_other,
               exists (select 1 from reviews r where r.candidate_id = c.id
                        and not exists (select 1 from review_reopenings o where o.review_id = r.id)) as annotated
        from candidates c where c.id = any(${ids}::uuid[])`;
}
