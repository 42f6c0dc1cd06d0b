import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { candidateProject } from "@/lib/review/candidate";
import { claimCandidate, releaseCandidate } from "@/lib/review/claims";

export const dynamic = "force-dynamic";

/**
 * Claims the item for the caller while they review it, or renews their claim (the page does so
 * while the item is open). Another reviewer's active claim is a 409 naming them and until when.
 */
export const POST = route<{ id: string }>(
  "review:claim",
  async ({ request, principal }, { id }) => {
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const db = getDb();
    const claim = await claimCandidate({ db, candidateId: id, userId: principal.userId });
    // A renewal is the same claim going on; only taking one is worth an audit event.
    if (!claim.renewed) await recordAudit(db, { principal, action: "candidate.claim", targetType: "candidate", targetId: id, projectId: claim.projectId, after: { expiresAt: claim.expiresAt.toISOString() }, ip: clientAddress(request) });
    return Response.json({ claimedBy: principal.email, expiresAt: claim.expiresAt.toISOString(), renewed: claim.renewed });
  },
  { project: candidateProject },
);

/** Lets go of the caller's claim (leaving the item); someone else's claim is left alone. */
export const DELETE = route<{ id: string }>(
  "review:claim",
  async ({ request, principal }, { id }) => {
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const db = getDb();
    const released = await releaseCandidate({ db, candidateId: id, userId: principal.userId });
    if (released) await recordAudit(db, { principal, action: "candidate.release", targetType: "candidate", targetId: id, projectId: await candidateProject(request, { id }), ip: clientAddress(request) });
    return Response.json({ released });
  },
  { project: candidateProject },
);
