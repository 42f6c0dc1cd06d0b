import { route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { adjudicateCandidate } from "@/lib/review/adjudicate";
import { AdjudicationBody, type DecisionResult } from "@/lib/review/annotation-types";

export const dynamic = "force-dynamic";

/** A curator's final decision on a disputed item (its annotators disagreed); answers like a decision. */
export const POST = route<{ id: string }>(
  "review:adjudicate",
  async ({ request, principal, audit }, { id }) => {
    const body = parseInput(AdjudicationBody, await request.json().catch(() => null), "adjudication");
    const review = await adjudicateCandidate({ db: getDb(), candidateId: id, ...body, reviewer: principal, audit });
    return Response.json({ ...review, decidedAt: review.decidedAt.toISOString() } satisfies DecisionResult, { status: 201 });
  },
  { project: "candidate" },
);
