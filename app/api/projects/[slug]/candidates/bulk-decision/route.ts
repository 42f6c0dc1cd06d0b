import { z } from "zod";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { bulkDecide } from "@/lib/review/bulk-decide";
import { QueueFilter } from "@/lib/review/queue-types";

export const dynamic = "force-dynamic";

const Body = z.object({
  decision: z.enum(["accept", "reject"]),
  /** The queue's filters, as its list sends them. */
  filter: QueueFilter.default({}),
  /** Needed to reject. */
  comment: z.string().max(4000).optional(),
  /** Count only: what the action would change and skip, nothing written. */
  dryRun: z.boolean().default(false),
  /** The count the reviewer confirmed: refused (409) if the filter now selects another number. */
  expected: z.number().int().min(0).optional(),
});

/** Accept or reject every item a queue filter selects, in one transaction and one audit event; `dryRun` counts first. */
export const POST = route<{ slug: string }>(
  "review:decide",
  async ({ request, principal, projectId, audit }) => {
    const body = parseInput(Body, await request.json().catch(() => null), "bulk decision");
    const outcome = await bulkDecide({ db: getDb(), projectId, reviewer: principal, audit, ...body });
    return Response.json(outcome, { status: body.dryRun ? 200 : 201 });
  },
  { project: "slug" },
);
