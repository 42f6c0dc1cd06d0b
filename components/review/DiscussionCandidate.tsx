"use client";

import { useCandidate } from "@/components/data/review";
import { ItemComments } from "@/components/review/ItemComments";

/** On a discussion page: the item it produced, linked to its place in the review queue, with its comment thread. */
export function DiscussionCandidate({ candidateId }: { candidateId: string }) {
  const item = useCandidate(candidateId);
  const slug = item.data?.projectSlug;
  return (
    <section className="space-y-2 rounded-md border border-slate-200 bg-white p-3 text-sm" data-testid="discussion-candidate">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span>The item it produced: {item.data ? item.data.reviewStatus.toLowerCase() : "…"}</span>
        {slug && (
          <a
            href={`/projects/${slug}/review?item=${candidateId}`}
            className="text-sky-700 hover:underline"
            data-testid="candidate-review-link"
          >
            Review it →
          </a>
        )}
      </p>
      <ItemComments candidateId={candidateId} projectId={item.data?.projectId} />
    </section>
  );
}
