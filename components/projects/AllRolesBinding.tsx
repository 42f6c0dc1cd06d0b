"use client";

import { SCRIPTED_LABEL } from "@/lib/demo/demo-types";
import { useState } from "react";
import type { EndpointProfile } from "@/components/data/endpoints";

/** "Use one endpoint for all roles": a profile and one button, saved at once (the per-role rows below follow). */
export function AllRolesBinding({
  profiles,
  busy,
  onBind,
}: {
  profiles: EndpointProfile[];
  busy: boolean;
  onBind: (id: string) => Promise<void>;
}) {
  const [id, setId] = useState(profiles[0]?.id ?? "");
  return (
    <div className="flex flex-wrap items-end gap-2 rounded-md bg-slate-50 p-3" data-testid="bind-all">
      <label className="min-w-0 flex-1 space-y-1">
        <span className="block font-medium">Use one endpoint for all roles</span>
        <select
          value={id}
          onChange={(event) => setId(event.target.value)}
          className="w-full rounded-md border border-slate-300 px-2 py-1"
          data-testid="bind-all-select"
        >
          {profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.name} ({profile.model}){profile.scripted ? ` — ${SCRIPTED_LABEL}` : ""}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={busy || !profiles.some((profile) => profile.id === id)}
        onClick={() => void onBind(id)}
        className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white disabled:bg-slate-400"
      >
        Bind all roles
      </button>
    </div>
  );
}
