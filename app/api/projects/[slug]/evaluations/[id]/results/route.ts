import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { queryOf } from "@/lib/http";
import { listEvalResults } from "@/lib/eval/results";

export const dynamic = "force-dynamic";

/** An evaluation's answers (answer, extracted code, verdict, output), filtered by `language`, `verdict`, `task`; keyset pages (`cursor`). */
export const GET = route<{ slug: string; id: string }>(
  "project:read",
  async ({ request, projectId }, params) =>
    Response.json(await listEvalResults({ db: getDb(), projectId, id: params.id, query: queryOf(request) })),
  { project: "slug" },
);
