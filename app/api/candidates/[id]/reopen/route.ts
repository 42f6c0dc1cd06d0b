import { z } from "zod";
import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { reopenCandidate } from "@/lib/review/reopen";

export const dynamic = "force-dynamic";

const Body = z.object({ reason: z.string().trim().min(1, "give a reason for reopening").max(2000) });

/** Takes a decision back (who may decide may reopen): the item returns to the queue, the decision stays in its history. */
export const POST = route<{ id: string }>(
  "review:decide",
  async ({ request, principal, audit }, { id }) => {
    const { reason } = parseInput(Body, await request.json().catch(() => null), "reopening");
    const reopening = await reopenCandidate({ db: getDb(), candidateId: id, reason, reviewer: principal, audit });
    return Response.json({ id: reopening.id, reopenedAt: reopening.reopenedAt.toISOString() }, { status: 201 });
  },
  { project: "candidate" },
);
