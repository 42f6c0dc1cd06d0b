import { z } from "zod";
import { parseInput, queryOf } from "@/lib/http";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { projectDiscussions } from "@/lib/projects/dashboard";

export const dynamic = "force-dynamic";

const Query = z.object({ cursor: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(25) });

/** The project's discussions, newest first, a page at a time. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request, projectId }) => {
    const query = parseInput(Query, queryOf(request), "query");
    return Response.json(await projectDiscussions(getDb(), projectId, query));
  },
  { project: "slug" },
);
