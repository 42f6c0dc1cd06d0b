"use client";

import { useState } from "react";
import { messageOf } from "@/components/api";
import { useItemComments, usePostComment } from "@/components/data/review";
import { usePermission } from "@/components/data/session";
import { NeedsRole } from "@/components/NeedsRole";
import type { ItemCommentView } from "@/lib/review/comment-types";

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });

/** A comment box: a new remark on the item, or a reply to one. */
function CommentForm({ candidateId, parentId, onDone }: { candidateId: string; parentId?: string; onDone?: () => void }) {
  const [body, setBody] = useState("");
  const post = usePostComment(candidateId);
  const label = parentId ? "Your reply" : "Add a comment";
  return (
    <form
      className="space-y-1"
      onSubmit={(event) => {
        event.preventDefault();
        if (!body.trim()) return;
        post.mutate(
          { body: body.trim(), ...(parentId ? { parentId } : {}) },
          {
            onSuccess: () => {
              setBody("");
              onDone?.();
            },
          },
        );
      }}
    >
      <label className="block">
        <span className="sr-only">{label}</span>
        <textarea
          value={body}
          onChange={(event) => setBody(event.target.value)}
          aria-label={label}
          placeholder={parentId ? "Reply…" : "A question or a remark for the team…"}
          rows={2}
          className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          disabled={!body.trim() || post.isPending}
          className="rounded-md bg-slate-900 px-3 py-1 text-xs font-medium text-white disabled:opacity-50"
        >
          {parentId ? "Post reply" : "Post comment"}
        </button>
        {onDone && (
          <button type="button" onClick={onDone} className="rounded-md border border-slate-300 px-3 py-1 text-xs">
            Cancel
          </button>
        )}
        {post.error && (
          <span role="alert" className="text-xs text-rose-700">
            {messageOf(post.error)}
          </span>
        )}
      </div>
    </form>
  );
}

/** One comment and, indented below it, its replies (each of which may be answered in turn). */
function Thread({
  comment,
  byParent,
  candidateId,
  mayPost,
}: {
  comment: ItemCommentView;
  byParent: Map<string | null, ItemCommentView[]>;
  candidateId: string;
  mayPost: boolean;
}) {
  const [replying, setReplying] = useState(false);
  return (
    <li className="space-y-1" data-testid="item-comment">
      <div className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1">
        <p className="text-xs text-slate-500">
          {comment.author} · {when(comment.createdAt)}
        </p>
        <p className="whitespace-pre-wrap break-words">{comment.body}</p>
        {mayPost && !replying && (
          <button type="button" onClick={() => setReplying(true)} className="text-xs text-sky-700 hover:underline">
            Reply
          </button>
        )}
      </div>
      {replying && <CommentForm candidateId={candidateId} parentId={comment.id} onDone={() => setReplying(false)} />}
      {(byParent.get(comment.id) ?? []).length > 0 && (
        <ul className="ml-3 space-y-1 border-l border-slate-200 pl-3">
          {byParent.get(comment.id)!.map((reply) => (
            <Thread key={reply.id} comment={reply} byParent={byParent} candidateId={candidateId} mayPost={mayPost} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The team's thread about an item: comments and replies, shown in review and on the discussion page. */
export function ItemComments({ candidateId, projectId }: { candidateId: string; projectId: string | undefined }) {
  const comments = useItemComments(candidateId);
  const permission = usePermission("review:comment", projectId);
  const byParent = new Map<string | null, ItemCommentView[]>();
  for (const comment of comments.data ?? []) byParent.set(comment.parentId, [...(byParent.get(comment.parentId) ?? []), comment]);
  return (
    <section className="space-y-2 text-sm" data-testid="item-comments" aria-label="Comments">
      <h3 className="font-medium">Comments ({comments.data?.length ?? 0})</h3>
      {comments.error && <p className="text-xs text-rose-700">{messageOf(comments.error)}</p>}
      <ul className="space-y-2">
        {(byParent.get(null) ?? []).map((comment) => (
          <Thread key={comment.id} comment={comment} byParent={byParent} candidateId={candidateId} mayPost={permission.allowed} />
        ))}
      </ul>
      {permission.allowed ? (
        <CommentForm candidateId={candidateId} />
      ) : permission.known ? (
        <NeedsRole role={permission.needed} action="Commenting" />
      ) : null}
    </section>
  );
}
