"use client";

import Link from "next/link";
import { useDisagreements, type AgreementFilters } from "@/components/data/agreement";
import { EmptyState } from "@/components/EmptyState";
import { ErrorNote } from "@/components/ErrorNote";
import type { DisagreementItem } from "@/lib/review/agreement/report-types";

const STATUS = {
  DISPUTED: { label: "disputed", tone: "bg-amber-100 text-amber-900" },
  ACCEPTED: { label: "accepted", tone: "bg-emerald-100 text-emerald-900" },
  REJECTED: { label: "rejected", tone: "bg-rose-100 text-rose-900" },
  PENDING: { label: "pending", tone: "bg-slate-100 text-slate-700" },
} as const;

function Row({ item }: { item: DisagreementItem }) {
  const status = STATUS[item.reviewStatus];
  return (
    <li className="space-y-1 px-3 py-2" data-testid="disagreement-row" data-item={item.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{item.language}</span>
        <span className={`rounded px-1.5 py-0.5 text-xs ${status.tone}`}>
          {item.adjudication ? `adjudicated: ${item.adjudication.decision.toLowerCase()} by ${item.adjudication.by}` : status.label}
        </span>
        {item.reasons.includes("scale") && <span className="text-xs text-slate-500">scores 2+ apart</span>}
        <Link href={item.href} className="ml-auto text-brand hover:underline" data-testid="disagreement-open">
          Open in review →
        </Link>
      </div>
      <ul className="flex flex-wrap gap-x-4 text-slate-700">
        {item.decisions.map((d) => (
          <li key={`${d.annotator.id}:${d.at}`}>
            {d.annotator.name}:{" "}
            <span className={d.decision === "ACCEPT" ? "text-emerald-700" : "text-rose-700"}>{d.decision.toLowerCase()}</span>
            {Object.entries(d.scores).length > 0 && (
              <span className="text-slate-500">
                {" "}
                (
                {Object.entries(d.scores)
                  .map(([question, score]) => `${question} ${score}`)
                  .join(", ")}
                )
              </span>
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** Items whose annotators disagree (decisions, or scale answers 2+ points apart), newest first, a page at a time. */
export function DisagreementList({ slug, filters }: { slug: string; filters: AgreementFilters }) {
  const list = useDisagreements(slug, filters);
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (list.error) return <ErrorNote>{list.error.message}</ErrorNote>;
  if (!list.data) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!items.length)
    return (
      <EmptyState testId="disagreements-empty">
        No item has annotators who disagree{filters.language || filters.from || filters.to ? " in this selection" : ""}.
      </EmptyState>
    );
  return (
    <div className="space-y-2 text-sm">
      <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="disagreement-list">
        {items.map((item) => (
          <Row key={item.id} item={item} />
        ))}
      </ul>
      {list.hasNextPage && (
        <button type="button" className="text-brand" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          More items
        </button>
      )}
    </div>
  );
}
