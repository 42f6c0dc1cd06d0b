"use client";

import { useState } from "react";
import { messageOf } from "@/components/api";
import { useAddMember, useRemoveMember, useSetMemberRole } from "@/components/data/people";
import { useProjects } from "@/components/data/projects";
import { ErrorNote } from "@/components/ErrorNote";
import { RoleSelect } from "@/components/people/RoleSelect";
import { BUTTON } from "@/components/people/styles";
import type { ProjectRoleName, UserSummary } from "@/lib/auth/people-types";

/** One user's projects and roles, each changeable or removable, and a project to add them to. */
export function UserMemberships({ user }: { user: UserSummary }) {
  const projects = useProjects();
  const add = useAddMember();
  const setRole = useSetMemberRole();
  const remove = useRemoveMember();
  const member = new Set(user.memberships.map((m) => m.slug));
  const open = (projects.data?.pages.flatMap((page) => page.items) ?? []).filter((p) => !member.has(p.slug));
  const [slug, setSlug] = useState("");
  const [role, setNewRole] = useState<ProjectRoleName>("viewer");
  const error = add.error ?? setRole.error ?? remove.error;
  const chosen = slug || open[0]?.slug || "";
  return (
    <div className="space-y-2 text-sm" data-testid="user-memberships">
      {user.memberships.length === 0 && (
        <p className="text-slate-500">No projects{user.admin ? " (an admin reaches every project)" : ""}.</p>
      )}
      <ul className="space-y-1">
        {user.memberships.map((m) => (
          <li key={m.slug} className="flex flex-wrap items-center gap-2" data-testid="user-membership" data-project={m.slug}>
            <span className="min-w-0 break-all font-medium">{m.slug}</span>
            <RoleSelect
              label={`Role of ${user.email} in ${m.slug}`}
              value={m.role}
              disabled={setRole.isPending}
              onChange={(next) => setRole.mutate({ slug: m.slug, userId: user.id, role: next })}
            />
            <button
              type="button"
              className={BUTTON}
              disabled={remove.isPending}
              onClick={() => remove.mutate({ slug: m.slug, userId: user.id })}
            >
              Remove from {m.slug}
            </button>
          </li>
        ))}
      </ul>
      {open.length > 0 && (
        <div className="flex flex-wrap items-center gap-2">
          <select
            aria-label={`Project to add ${user.email} to`}
            value={chosen}
            onChange={(e) => setSlug(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
          >
            {open.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.slug}
              </option>
            ))}
          </select>
          <RoleSelect label={`Role of ${user.email} in the new project`} value={role} onChange={setNewRole} />
          <button
            type="button"
            className={BUTTON}
            disabled={add.isPending || !chosen}
            onClick={() => add.mutate({ slug: chosen, email: user.email, role }, { onSuccess: () => setSlug("") })}
          >
            Add to project
          </button>
        </div>
      )}
      {error && <ErrorNote>{messageOf(error)}</ErrorNote>}
    </div>
  );
}
