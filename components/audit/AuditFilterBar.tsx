"use client";

import { useState } from "react";
import type { AuditFilters } from "@/components/data/audit";

/** What the audit log can be about (its events' target types). */
const TARGET_TYPES = [
  "user",
  "project_member",
  "api_token",
  "project",
  "endpoint_profile",
  "synthesis_run",
  "candidate",
  "dataset_version",
] as const;

const INPUT = "w-full rounded-md border border-slate-300 bg-white px-2 py-1";

/** The audit log's filters; every change goes to the URL at once (so a filtered view can be linked and reloaded). */
export function AuditFilterBar({
  filters,
  projects,
  onChange,
}: {
  filters: AuditFilters;
  projects: { id: string; slug: string }[];
  onChange: (next: AuditFilters) => void;
}) {
  // Text fields keep what is typed; the URL follows them (it lags a render behind the keyboard).
  const [action, setAction] = useState(filters.action ?? "");
  const [actor, setActor] = useState(filters.actor ?? "");
  const set = (patch: AuditFilters) => onChange({ ...filters, action, actor, ...patch });
  return (
    <form
      className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3"
      aria-label="Audit filters"
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="space-y-1">
        <span className="block font-medium">Action</span>
        <input
          value={action}
          onChange={(e) => {
            setAction(e.target.value);
            set({ action: e.target.value });
          }}
          className={INPUT}
          placeholder="e.g. user."
        />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">Actor</span>
        <input
          value={actor}
          onChange={(e) => {
            setActor(e.target.value);
            set({ actor: e.target.value });
          }}
          className={INPUT}
          placeholder="email or CLI"
        />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">Target type</span>
        <select value={filters.type ?? ""} onChange={(e) => set({ type: e.target.value || undefined })} className={INPUT}>
          <option value="">any</option>
          {TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {type.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1">
        <span className="block font-medium">Project</span>
        <select value={filters.project ?? ""} onChange={(e) => set({ project: e.target.value || undefined })} className={INPUT}>
          <option value="">any</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.slug}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1">
        <span className="block font-medium">From (UTC)</span>
        <input type="date" value={filters.from ?? ""} onChange={(e) => set({ from: e.target.value || undefined })} className={INPUT} />
      </label>
      <label className="space-y-1">
        <span className="block font-medium">To (UTC)</span>
        <input type="date" value={filters.to ?? ""} onChange={(e) => set({ to: e.target.value || undefined })} className={INPUT} />
      </label>
    </form>
  );
}
