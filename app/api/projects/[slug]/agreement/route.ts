import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { queryOf } from "@/lib/http";
import { agreementReport } from "@/lib/review/agreement/report";

export const dynamic = "force-dynamic";

/** How much the project's annotators agree (decisions, rubric, per week), and the LLM judge against them; `from`, `to` (dates), `language`. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ request, projectId }) => Response.json(await agreementReport(getDb(), projectId, queryOf(request))),
  { project: "slug" },
);
