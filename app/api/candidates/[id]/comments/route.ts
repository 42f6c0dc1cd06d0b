import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { parseInput } from "@/lib/http";
import { NewComment } from "@/lib/review/comment-types";
import { addItemComment, listItemComments } from "@/lib/review/comments";

export const dynamic = "force-dynamic";

/** An item's comment thread: anyone who may read the project. */
export const GET = route<{ id: string }>(
  "project:read",
  async (_context, { id }) => Response.json({ comments: await listItemComments({ db: getDb(), candidateId: id }) }),
  { project: "candidate" },
);

/** A comment, or (`parentId`) a reply: an annotator or above. */
export const POST = route<{ id: string }>(
  "review:comment",
  async ({ request, principal, audit }, { id }) => {
    const comment = parseInput(NewComment, await request.json().catch(() => null), "comment");
    return Response.json(await addItemComment({ db: getDb(), candidateId: id, authorId: principal.userId, comment, audit }), {
      status: 201,
    });
  },
  { project: "candidate" },
);
