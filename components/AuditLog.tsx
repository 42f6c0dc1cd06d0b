"use client";

import { useState } from "react";
import { useAuditLog } from "@/components/data/audit";
import { ErrorNote } from "@/components/ErrorNote";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

/** The audit log for admins: newest first, filtered by actor and action, a page at a time. */
export function AuditLog() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const filters = new URLSearchParams({ limit: "50", ...(actor.trim() ? { actor: actor.trim() } : {}), ...(action.trim() ? { action: action.trim() } : {}) });
  const log = useAuditLog(filters);
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="space-y-4">
      <div className="flex gap-3 text-sm">
        <label className="flex items-center gap-2">
          Actor <input value={actor} onChange={(e) => setActor(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1" placeholder="email or CLI" />
        </label>
        <label className="flex items-center gap-2">
          Action <input value={action} onChange={(e) => setAction(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1" placeholder="e.g. user." />
        </label>
      </div>
      {log.error ? (
        <ErrorNote testId="audit-error">{log.error.message}</ErrorNote>
      ) : log.isPending ? (
        <p className="text-sm text-slate-500">Loading the audit log…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded{actor || action ? " for these filters" : ""}.</p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2 font-medium">When</th>
              <th className="px-3 py-2 font-medium">Who</th>
              <th className="px-3 py-2 font-medium">Action</th>
              <th className="px-3 py-2 font-medium">Target</th>
              <th className="px-3 py-2 font-medium">Change</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((entry) => (
              <tr key={entry.id} data-testid="audit-row" className="align-top">
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{timeFormat.format(new Date(entry.at))}</td>
                <td className="px-3 py-2">{entry.actor}</td>
                <td className="px-3 py-2 font-mono text-xs">{entry.action}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {entry.targetType}
                  {entry.targetId ? ` ${entry.targetId}` : ""}
                </td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">
                  {entry.before ? <div>before: {JSON.stringify(entry.before)}</div> : null}
                  {entry.after ? <div>after: {JSON.stringify(entry.after)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage} className="text-sm text-brand">
          {log.isFetchingNextPage ? "Loading…" : "Older entries"}
        </button>
      )}
    </section>
  );
}
