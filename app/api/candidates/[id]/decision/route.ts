import { z } from "zod";
import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import type { DecisionResult } from "@/lib/review/annotation-types";
import { decideCandidate } from "@/lib/review/decide";
import { RubricAnswers } from "@/lib/review/rubric-types";

export const dynamic = "force-dynamic";

const Body = z.object({
  decision: z.enum(["accept", "reject"]),
  /** The revision decided on (the one the reviewer saw): if another became current since, a 409. */
  revisionId: z.uuid({ error: "name the revision you decide on (the id of the one you looked at)" }),
  comment: z.string().max(4000).optional(),
  /** Accepting an item whose tests fail needs this, and is recorded. */
  acceptFailing: z.boolean().default(false),
  /** Answers to the project's rubric, by question id (checked against it: a 400 lists what does not fit). */
  rubric: RubricAnswers.optional(),
});

/**
 * An annotator's decision on a candidate's current revision, once per annotator: a change of mind
 * goes through …/reopen. Answers where the item stands: pending (more annotators needed), final, or
 * disputed (its annotators disagree; a curator adjudicates).
 */
export const POST = route<{ id: string }>(
  "review:decide",
  async ({ request, principal, audit }, { id }) => {
    const body = parseInput(Body, await request.json().catch(() => null), "decision");
    const review = await decideCandidate({ db: getDb(), candidateId: id, ...body, reviewer: principal, audit });
    return Response.json({ ...review, decidedAt: review.decidedAt.toISOString() } satisfies DecisionResult, { status: 201 });
  },
  { project: "candidate" },
);
