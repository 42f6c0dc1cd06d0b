import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { CLAIM_SECONDS } from "@/lib/review/claim-policy";

export { CLAIM_SECONDS };

type Tx = Db | Prisma.TransactionClient;

export interface ClaimState {
  claimedBy: string;
  claimedById: string;
  expiresAt: Date;
}

/** Who holds an item now (an expired claim holds nothing); null for an unknown item. Locks its row. */
export async function activeClaim(db: Tx, candidateId: string): Promise<{ projectId: string; claim: ClaimState | null } | null> {
  // Locks the row (the caller's transaction decides against a claim taken meanwhile), and compares
  // times in the database, so every web process on every machine agrees on "expired".
  const rows = await db.$queryRaw<
    { project_id: string; claimed_by_id: string | null; claim_expires_at: Date | null; active: boolean | null; email: string | null }[]
  >`
    select c.project_id, c.claimed_by_id, c.claim_expires_at, c.claim_expires_at > now() as active, u.email
    from candidates c left join users u on u.id = c.claimed_by_id where c.id = ${candidateId}::uuid for update of c`;
  const row = rows[0];
  if (!row) return null;
  const claim =
    row.claimed_by_id && row.active && row.claim_expires_at
      ? { claimedById: row.claimed_by_id, claimedBy: row.email ?? "another reviewer", expiresAt: row.claim_expires_at }
      : null;
  return { projectId: row.project_id, claim };
}

export function claimedMessage(claim: ClaimState, what: string): string {
  return `${claim.claimedBy} is reviewing this item (claimed until ${claim.expiresAt.toISOString().slice(11, 19)} UTC); you cannot ${what} it until they leave it or the claim expires.`;
}

/**
 * Claims an item for a reviewer, or renews their claim: a conditional update that succeeds only
 * when the item is unclaimed, its claim has expired, or the claim is already theirs. Otherwise a
 * 409 naming who holds it and until when. `renewed` says whether it was theirs already.
 */
export async function claimCandidate({
  db,
  candidateId,
  userId,
  mayAdjudicate = true,
  seconds = CLAIM_SECONDS,
}: {
  db: Db;
  candidateId: string;
  userId: string;
  /** Whether the claimer may adjudicate: a disputed item is the curators' to take (lib/review/adjudicate.ts). */
  mayAdjudicate?: boolean;
  seconds?: number;
}): Promise<{ projectId: string; expiresAt: Date; renewed: boolean }> {
  return db.$transaction(async (tx) => {
    const state = await activeClaim(tx, candidateId);
    if (!state) throw new AppError("NOT_FOUND", `No candidate ${candidateId}.`);
    // An annotator's claim on a disputed item would only hide it from the curators' adjudication queue.
    if (!mayAdjudicate) {
      const { reviewStatus } = await tx.candidate.findUniqueOrThrow({ where: { id: candidateId }, select: { reviewStatus: true } });
      if (reviewStatus === "DISPUTED")
        throw new AppError(
          "CONFLICT",
          "This item is disputed: its annotators disagree and a curator adjudicates it, so only a curator can claim it.",
        );
    }
    if (state.claim && state.claim.claimedById !== userId) throw new AppError("CONFLICT", claimedMessage(state.claim, "claim"));
    const [row] = await tx.$queryRaw<{ claim_expires_at: Date }[]>`
      update candidates set claimed_by_id = ${userId}::uuid, claim_expires_at = now() + make_interval(secs => ${seconds}), updated_at = now()
      where id = ${candidateId}::uuid returning claim_expires_at`;
    return { projectId: state.projectId, expiresAt: row!.claim_expires_at, renewed: state.claim !== null };
  });
}

/** Lets go of a reviewer's claim; someone else's (or none) is left as it is. Whether one was released. */
export async function releaseCandidate({ db, candidateId, userId }: { db: Tx; candidateId: string; userId: string }): Promise<boolean> {
  const released = await db.candidate.updateMany({
    where: { id: candidateId, claimedById: userId },
    data: { claimedById: null, claimExpiresAt: null },
  });
  return released.count > 0;
}

/**
 * Inside a transaction that edits or decides an item: locks the row and refuses (409) when another
 * reviewer's claim on it is active. An expired claim, or none, does not block.
 */
export async function assertNotClaimedByOther(
  tx: Prisma.TransactionClient,
  { candidateId, userId, what }: { candidateId: string; userId: string; what: string },
): Promise<void> {
  const state = await activeClaim(tx, candidateId);
  if (!state) throw new AppError("NOT_FOUND", `No candidate ${candidateId}.`);
  if (state.claim && state.claim.claimedById !== userId) throw new AppError("CONFLICT", claimedMessage(state.claim, what));
}

/** A candidate's claim as a reviewer sees it: who holds it, until when, whether it is theirs; null once it lapsed. */
export function claimView(
  row: { claimedById: string | null; claimExpiresAt: Date | null; claimedBy: { email: string } | null },
  viewerId: string | undefined,
  now = new Date(),
): { by: string; until: string; mine: boolean } | null {
  if (!row.claimedById || !row.claimExpiresAt || row.claimExpiresAt <= now) return null;
  return { by: row.claimedBy?.email ?? "another reviewer", until: row.claimExpiresAt.toISOString(), mine: row.claimedById === viewerId };
}
