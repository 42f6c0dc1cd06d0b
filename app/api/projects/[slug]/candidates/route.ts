import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { projectBySlug } from "@/lib/projects/dashboard";
import { reviewQueue } from "@/lib/review/queue";
import { QueueQuery } from "@/lib/review/queue-types";

export const dynamic = "force-dynamic";

/** The review queue: `?language=&review=&verification=&minScore=&seed=&sort=newest|score&cursor=&limit=`. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request }, params) => {
    const query = QueueQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("BAD_REQUEST", `Invalid query: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return Response.json(await reviewQueue(getDb(), await projectBySlug(request, params), query.data));
  },
  { project: projectBySlug },
);
