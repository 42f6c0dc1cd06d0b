"use client";

import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { useAddMember, useMembers, useRemoveMember, useSetMemberRole } from "@/components/data/people";
import { usePermission } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";
import { NeedsRole } from "@/components/NeedsRole";
import { RoleSelect } from "@/components/people/RoleSelect";
import { BUTTON, INPUT } from "@/components/people/styles";
import type { ProjectRoleName } from "@/lib/auth/people-types";

/**
 * A project's members and their roles. Anyone who reads the project sees who is in it; adding,
 * re-roling and removing members is for admins (people management is theirs, as creating accounts is).
 */
export function MembersSection({ slug }: { slug: string }) {
  const members = useMembers(slug);
  const manage = usePermission("user:manage");
  const add = useAddMember();
  const setRole = useSetMemberRole();
  const remove = useRemoveMember();
  const [role, setNewRole] = useState<ProjectRoleName>("annotator");
  const error = add.error ?? setRole.error ?? remove.error;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    add.mutate({ slug, email: String(new FormData(form).get("email") ?? ""), role }, { onSuccess: () => form.reset() });
  };
  if (members.error) return <ErrorNote testId="members-error">{members.error.message}</ErrorNote>;
  return (
    <div className="space-y-3 text-sm" data-testid="members">
      <ul className="divide-y divide-slate-100">
        {members.isPending && <li className="py-2 text-slate-500">Loading…</li>}
        {members.data?.items.length === 0 && <li className="py-2 text-slate-600">No members yet; administrators reach every project.</li>}
        {members.data?.items.map((member) => (
          <li key={member.userId} className="flex flex-wrap items-center gap-2 py-2" data-testid="member-row" data-email={member.email}>
            <span className="min-w-0 flex-1 break-all">
              {member.email}
              {member.disabled && <span className="text-rose-700"> (disabled)</span>}
            </span>
            {manage.allowed ? (
              <>
                <RoleSelect
                  label={`Role of ${member.email}`}
                  value={member.role}
                  disabled={setRole.isPending}
                  onChange={(next) => setRole.mutate({ slug, userId: member.userId, role: next })}
                />
                <button
                  type="button"
                  className={BUTTON}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ slug, userId: member.userId })}
                >
                  Remove {member.email}
                </button>
              </>
            ) : (
              <span className="text-slate-600">{member.role}</span>
            )}
          </li>
        ))}
      </ul>
      {manage.known &&
        (manage.allowed ? (
          <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
            <label className="min-w-0 flex-1 space-y-1">
              <span className="block font-medium">Add a member by email</span>
              <input name="email" type="email" required className={INPUT} />
            </label>
            <RoleSelect label="Role of the new member" value={role} onChange={setNewRole} />
            <button type="submit" className={BUTTON} disabled={add.isPending}>
              Add member
            </button>
          </form>
        ) : (
          <NeedsRole role={manage.needed} action="Changing members" />
        ))}
      {error && <ErrorNote>{messageOf(error)}</ErrorNote>}
    </div>
  );
}
