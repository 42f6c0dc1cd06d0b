import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { discussionView } from "@/lib/synthesis/discussion-view";

export const dynamic = "force-dynamic";

/** A discussion's participants, their memories and memory history, and its candidate's verification. */
export const GET = route<{ id: string }>("project:read", async (_context, { id }) => Response.json(await discussionView(getDb(), id)), {
  project: "discussion",
});
