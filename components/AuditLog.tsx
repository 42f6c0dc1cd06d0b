"use client";

import { useState } from "react";
import { DataTable, type Column } from "@/components/DataTable";
import { useAuditLog } from "@/components/data/audit";
import { ErrorNote } from "@/components/ErrorNote";
import type { AuditPage } from "@/lib/auth/audit-types";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

const COLUMNS: Column<AuditPage["items"][number]>[] = [
  { header: "When", cellClassName: "whitespace-nowrap text-slate-600", cell: (entry) => timeFormat.format(new Date(entry.at)) },
  { header: "Who", cell: (entry) => entry.actor },
  { header: "Action", cellClassName: "font-mono text-xs", cell: (entry) => entry.action },
  {
    header: "Target",
    cellClassName: "font-mono text-xs",
    cell: (entry) => `${entry.targetType}${entry.targetId ? ` ${entry.targetId}` : ""}`,
  },
  {
    header: "Change",
    cellClassName: "font-mono text-xs text-slate-600",
    cell: (entry) => (
      <>
        {entry.before ? <div>before: {JSON.stringify(entry.before)}</div> : null}
        {entry.after ? <div>after: {JSON.stringify(entry.after)}</div> : null}
      </>
    ),
  },
];

/** The audit log for admins: newest first, filtered by actor and action, a page at a time. */
export function AuditLog() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const filters = new URLSearchParams({
    limit: "50",
    ...(actor.trim() ? { actor: actor.trim() } : {}),
    ...(action.trim() ? { action: action.trim() } : {}),
  });
  const log = useAuditLog(filters);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-4">
      <div className="flex gap-3 text-sm">
        <label className="flex items-center gap-2">
          Actor{" "}
          <input
            value={actor}
            onChange={(e) => setActor(e.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1"
            placeholder="email or CLI"
          />
        </label>
        <label className="flex items-center gap-2">
          Action{" "}
          <input
            value={action}
            onChange={(e) => setAction(e.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1"
            placeholder="e.g. user."
          />
        </label>
      </div>
      {log.error ? (
        <ErrorNote testId="audit-error">{log.error.message}</ErrorNote>
      ) : log.isPending ? (
        <p className="text-sm text-slate-500">Loading the audit log…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded{actor || action ? " for these filters" : ""}.</p>
      ) : (
        <DataTable
          variant="card"
          columns={COLUMNS}
          rows={items}
          rowKey={(entry) => entry.id}
          rowAttributes={() => ({ "data-testid": "audit-row", className: "align-top" })}
        />
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage} className="text-sm text-brand">
          {log.isFetchingNextPage ? "Loading…" : "Older entries"}
        </button>
      )}
    </section>
  );
}
