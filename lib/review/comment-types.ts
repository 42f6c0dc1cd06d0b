import { z } from "zod";

/** One comment on a review item, as the API answers; `parentId` is the comment it replies to. */
export const ItemCommentView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  author: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type ItemCommentView = z.infer<typeof ItemCommentView>;
export const ItemComments = z.object({ comments: z.array(ItemCommentView) });

export const NewComment = z.object({
  body: z.string().trim().min(1, "write something").max(4000, "is longer than 4000 characters"),
  parentId: z.uuid({ error: "is not a comment id" }).optional(),
});
export type NewComment = z.infer<typeof NewComment>;
