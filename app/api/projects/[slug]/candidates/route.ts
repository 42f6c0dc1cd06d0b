import { parseInput, queryOf } from "@/lib/http";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { reviewQueue } from "@/lib/review/queue";
import { QueueQuery } from "@/lib/review/queue-types";

export const dynamic = "force-dynamic";

/** The review queue: `?language=&review=&verification=&minScore=&seed=&hideClaimed=others&sort=newest|oldest|score&cursor=&limit=`. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request, principal, projectId }) => {
    const query = parseInput(QueueQuery, queryOf(request), "query");
    return Response.json(await reviewQueue(getDb(), projectId, query, principal.userId));
  },
  { project: "slug" },
);
