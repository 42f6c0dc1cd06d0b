import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { queryOf } from "@/lib/http";
import { disagreementPage } from "@/lib/review/agreement/report";

export const dynamic = "force-dynamic";

/** Items whose annotators disagree, newest first, in keyset pages (`cursor`, `limit`), by `language`. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request, projectId }) => Response.json(await disagreementPage(getDb(), projectId, queryOf(request))),
  { project: "slug" },
);
