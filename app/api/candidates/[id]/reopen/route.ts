import { z } from "zod";
import { clientAddress, route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { candidateProject } from "@/lib/review/candidate";
import { reopenCandidate } from "@/lib/review/reopen";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const Body = z.object({ reason: z.string().trim().min(1, "give a reason for reopening").max(2000) });

/** Takes a decision back (who may decide may reopen): the item returns to the queue, the decision stays in its history. */
export const POST = route<{ id: string }>(
  "review:decide",
  async ({ request, principal }, { id }) => {
    const { reason } = parseInput(Body, await request.json().catch(() => null), "reopening");
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const reopening = await reopenCandidate({ db: getDb(), candidateId: id, reason, reviewer: principal, ip: clientAddress(request) });
    return Response.json({ id: reopening.id, reopenedAt: reopening.reopenedAt.toISOString() }, { status: 201 });
  },
  { project: candidateProject },
);
