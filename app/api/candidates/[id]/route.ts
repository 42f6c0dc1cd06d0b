import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { candidateDetail } from "@/lib/review/candidate";

export const dynamic = "force-dynamic";

/** A candidate with its revisions, verification runs, source seeds and who has claimed it. */
export const GET = route<{ id: string }>(
  "project:read",
  async ({ principal }, { id }) => Response.json(await candidateDetail(getDb(), id, principal.userId)),
  { project: "candidate" },
);
