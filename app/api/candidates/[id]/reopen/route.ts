import { z } from "zod";
import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { reopenCandidate } from "@/lib/review/reopen";

export const dynamic = "force-dynamic";

const Body = z.object({ reason: z.string().trim().min(1, "give a reason for reopening").max(2000) });

/**
 * Takes decisions back (who may decide may reopen; a dispute or an adjudication, only a curator): the item
 * returns to the queue, the decisions stay in its history. On an item still pending, only the viewer's own.
 */
export const POST = route<{ id: string }>(
  "review:decide",
  async ({ request, principal, audit }, { id }) => {
    const { reason } = parseInput(Body, await request.json().catch(() => null), "reopening");
    const reopening = await reopenCandidate({ db: getDb(), candidateId: id, reason, reviewer: principal, audit });
    return Response.json(
      { id: reopening.id, reopenedAt: reopening.reopenedAt.toISOString(), reopened: reopening.reopened },
      { status: 201 },
    );
  },
  { project: "candidate" },
);
