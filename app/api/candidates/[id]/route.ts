import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { candidateDetail, candidateProject } from "@/lib/review/candidate";

export const dynamic = "force-dynamic";

/** A candidate with its revisions, verification runs and source seeds. */
export const GET = route<{ id: string }>("project:read", async (_context, { id }) => Response.json(await candidateDetail(getDb(), id)), { project: candidateProject });
