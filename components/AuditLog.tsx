"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { AuditEntryRow } from "@/components/audit/AuditEntryRow";
import { AuditFilterBar } from "@/components/audit/AuditFilterBar";
import { AUDIT_FILTER_KEYS, useAuditLog, type AuditFilters } from "@/components/data/audit";
import { useProjects } from "@/components/data/projects";
import { ErrorNote } from "@/components/ErrorNote";

/** The audit log for admins: newest first, filtered through the URL (action, actor, project, target type, dates), a page at a time. */
export function AuditLog() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters: AuditFilters = Object.fromEntries(AUDIT_FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : [])));
  const filtered = Object.keys(filters).length > 0;
  const log = useAuditLog(filters);
  const projects = useProjects();
  const projectList = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const slugOf = new Map(projectList.map((p) => [p.id, p.slug]));
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const apply = (next: AuditFilters) => {
    const query = new URLSearchParams();
    for (const key of AUDIT_FILTER_KEYS) if (next[key]?.trim()) query.set(key, next[key].trim());
    router.replace(query.size ? `${pathname}?${query}` : pathname, { scroll: false });
  };
  return (
    <section className="space-y-4">
      <AuditFilterBar filters={filters} projects={projectList} onChange={apply} />
      {log.error ? (
        <ErrorNote testId="audit-error">{log.error.message}</ErrorNote>
      ) : log.isPending ? (
        <p className="text-sm text-slate-500">Loading the audit log…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded{filtered ? " for these filters" : ""}.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="audit-list">
          {items.map((entry) => (
            <AuditEntryRow key={entry.id} entry={entry} projectName={entry.projectId ? slugOf.get(entry.projectId) : undefined} />
          ))}
        </ul>
      )}
      {items.length > 0 && (
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <span data-testid="audit-count">
            {items.length} entr{items.length === 1 ? "y" : "ies"} shown{log.hasNextPage ? "; older ones follow" : ""}
          </span>
          {log.hasNextPage && (
            <button
              type="button"
              onClick={() => void log.fetchNextPage()}
              disabled={log.isFetchingNextPage}
              className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
            >
              {log.isFetchingNextPage ? "Loading…" : "Older entries"}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
