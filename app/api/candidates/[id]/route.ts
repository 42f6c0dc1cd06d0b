import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { candidateDetail } from "@/lib/review/candidate";

export const dynamic = "force-dynamic";

/** A candidate with its revisions, verification runs, source seeds, who has claimed it and its annotators (blind below the curator role while pending). */
export const GET = route<{ id: string }>(
  "project:read",
  async ({ principal, role }, { id }) => Response.json(await candidateDetail(getDb(), id, principal.userId, role)),
  { project: "candidate" },
);
