import { z } from "zod";
import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { projectBySlug, projectDiscussions } from "@/lib/projects/dashboard";

export const dynamic = "force-dynamic";

const Query = z.object({ cursor: z.uuid().optional(), limit: z.coerce.number().int().min(1).max(100).default(25) });

/** The project's discussions, newest first, a page at a time. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request }, { slug }) => {
    const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("BAD_REQUEST", `Invalid query: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
    return Response.json(await projectDiscussions(getDb(), slug, query.data));
  },
  { project: projectBySlug },
);
