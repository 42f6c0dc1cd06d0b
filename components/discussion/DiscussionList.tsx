"use client";

import Link from "next/link";
import { DataTable, type Column } from "@/components/DataTable";
import { useDiscussions } from "@/components/data/discussions";
import { EmptyState } from "@/components/EmptyState";
import { ErrorNote } from "@/components/ErrorNote";
import type { DiscussionPage } from "@/lib/projects/dashboard-types";

type Row = DiscussionPage["items"][number];

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "not yet");

const COLUMNS: Column<Row>[] = [
  {
    header: "Discussion",
    cell: (d) => (
      <Link href={`/discussions/${d.id}`} className="text-brand hover:underline">
        {d.mode.toLowerCase()} → {d.targetLanguage}
      </Link>
    ),
  },
  { header: "Participants", cell: (d) => d.participants.join(", ") || "—" },
  { header: "Status", cell: (d) => d.status.toLowerCase() },
  { header: "Turns", align: "right", cellClassName: "tabular-nums", cell: (d) => d.turns },
  { header: "Candidates", align: "right", cellClassName: "tabular-nums", cell: (d) => d.candidates },
  { header: "Started", cellClassName: "whitespace-nowrap", cell: (d) => when(d.startedAt) },
];

/** The project's discussions, newest first, a page at a time, each leading to its live view. */
export function DiscussionList({ slug }: { slug: string }) {
  const discussions = useDiscussions(slug, { live: false });
  if (discussions.error) return <ErrorNote testId="discussions-error">{discussions.error.message}</ErrorNote>;
  if (!discussions.data) return <p className="text-sm text-slate-500">Loading…</p>;
  const rows = discussions.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <EmptyState testId="discussions-empty" href={`/projects/${slug}/settings#runs`} action="Start a run">
        No discussions yet: a run plans them once the project has snippets and its model roles are bound.
      </EmptyState>
    );
  }
  return (
    <DataTable
      variant="card"
      testId="discussion-list"
      columns={COLUMNS}
      rows={rows}
      rowKey={(d) => d.id}
      rowAttributes={(d) => ({ "data-testid": "discussion-list-row", "data-status": d.status })}
      footer={
        discussions.hasNextPage && (
          <button
            type="button"
            disabled={discussions.isFetchingNextPage}
            onClick={() => void discussions.fetchNextPage()}
            className="w-full border-t border-slate-200 px-3 py-2 text-sm text-brand hover:bg-slate-50"
          >
            {discussions.isFetchingNextPage ? "Loading…" : "More discussions"}
          </button>
        )
      }
    />
  );
}
