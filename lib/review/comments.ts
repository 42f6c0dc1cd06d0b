import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ItemCommentView, NewComment } from "@/lib/review/comment-types";

const view = (c: { id: string; parentId: string | null; body: string; createdAt: Date; author: { email: string } }): ItemCommentView => ({
  id: c.id,
  parentId: c.parentId,
  author: c.author.email,
  body: c.body,
  createdAt: c.createdAt.toISOString(),
});

/** An item's comments, oldest first (the browser nests replies under their parent). */
export async function listItemComments({ db, candidateId }: { db: Db; candidateId: string }): Promise<ItemCommentView[]> {
  const rows = await db.itemComment.findMany({
    where: { candidateId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, parentId: true, body: true, createdAt: true, author: { select: { email: true } } },
  });
  return rows.map(view);
}

/** A comment on an item, or a reply to one of its comments (a parent on another item is refused); audited with it. */
export async function addItemComment({
  db,
  candidateId,
  authorId,
  comment,
  audit,
}: {
  db: Db;
  candidateId: string;
  authorId: string;
  comment: NewComment;
  audit: Audit;
}): Promise<ItemCommentView> {
  return db.$transaction(async (tx) => {
    if (comment.parentId) {
      const parent = await tx.itemComment.findUnique({ where: { id: comment.parentId }, select: { candidateId: true } });
      if (!parent || parent.candidateId !== candidateId)
        throw new AppError("BAD_REQUEST", "The comment you reply to is not one of this item's comments.");
    }
    const row = await tx.itemComment.create({
      data: { candidateId, parentId: comment.parentId ?? null, authorId, body: comment.body },
      select: { id: true, parentId: true, body: true, createdAt: true, author: { select: { email: true } } },
    });
    await audit(
      comment.parentId ? "candidate.comment_reply" : "candidate.comment",
      { type: "candidate", id: candidateId },
      { after: { commentId: row.id, parentId: row.parentId, body: row.body } },
      tx,
    );
    return view(row);
  });
}
