import { can } from "@/lib/auth/permissions";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { claimCandidate, releaseCandidate } from "@/lib/review/claims";

export const dynamic = "force-dynamic";

/**
 * Claims the item for the caller while they review it, or renews their claim (the page does so
 * while the item is open). Another reviewer's active claim is a 409 naming them and until when; a
 * disputed item is a 409 for anyone who cannot adjudicate it.
 */
export const POST = route<{ id: string }>(
  "review:claim",
  async ({ principal, role, audit }, { id }) => {
    const claim = await claimCandidate({
      db: getDb(),
      candidateId: id,
      userId: principal.userId,
      mayAdjudicate: can(role, "review:adjudicate"),
    });
    // A renewal is the same claim going on; only taking one is worth an audit event.
    if (!claim.renewed) await audit("candidate.claim", { type: "candidate", id }, { after: { expiresAt: claim.expiresAt.toISOString() } });
    return Response.json({ claimedBy: principal.email, expiresAt: claim.expiresAt.toISOString(), renewed: claim.renewed });
  },
  { project: "candidate" },
);

/** Lets go of the caller's claim (leaving the item); someone else's claim is left alone. */
export const DELETE = route<{ id: string }>(
  "review:claim",
  async ({ principal, audit }, { id }) => {
    const released = await releaseCandidate({ db: getDb(), candidateId: id, userId: principal.userId });
    if (released) await audit("candidate.release", { type: "candidate", id });
    return Response.json({ released });
  },
  { project: "candidate" },
);
