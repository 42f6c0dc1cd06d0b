import { fieldChanges } from "@/lib/auth/audit-changes";
import type { AuditPage } from "@/lib/auth/audit-types";

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

type Entry = AuditPage["items"][number];

/** One audit event: when, who, what, about what, and each changed field as "field: before → after". Long values wrap, never widen the page. */
export function AuditEntryRow({ entry, projectName }: { entry: Entry; projectName?: string }) {
  const changes = fieldChanges(entry.before, entry.after);
  return (
    <li data-testid="audit-row" className="grid gap-2 p-3 text-sm md:grid-cols-[13rem_minmax(0,1fr)] md:gap-4">
      <div className="min-w-0 space-y-0.5">
        <div className="text-slate-600">{timeFormat.format(new Date(entry.at))}</div>
        <div className="break-words font-medium text-slate-900">{entry.actor}</div>
        {entry.ip && <div className="text-xs text-slate-500">from {entry.ip}</div>}
      </div>
      <div className="min-w-0 space-y-1">
        <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
          <span className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{entry.action}</span>
          <span className="break-all text-xs text-slate-500">
            {entry.targetType.replaceAll("_", " ")}
            {entry.targetId ? ` ${entry.targetId}` : ""}
            {projectName ? ` · project ${projectName}` : ""}
          </span>
        </div>
        {changes.length > 0 && (
          <ul className="space-y-0.5 text-slate-700" data-testid="audit-changes">
            {changes.map((change) => (
              <li key={change.field} className="break-words">
                <span className="font-medium">{change.field}</span>:{" "}
                {change.before !== undefined && change.after !== undefined ? (
                  <>
                    <span className="text-slate-500">{change.before}</span> → <span>{change.after}</span>
                  </>
                ) : (
                  <span>{change.after ?? change.before}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}
