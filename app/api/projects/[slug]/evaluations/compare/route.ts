import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { compareEvalRuns } from "@/lib/eval/compare";

export const dynamic = "force-dynamic";

/** `?runs=a,b[,c…]`: pass@1 per language side by side, and the problems that flipped between the first two. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request, projectId }) => {
    const ids = (new URL(request.url).searchParams.get("runs") ?? "").split(",").filter(Boolean);
    return Response.json(await compareEvalRuns({ db: getDb(), projectId, ids }));
  },
  { project: "slug" },
);
