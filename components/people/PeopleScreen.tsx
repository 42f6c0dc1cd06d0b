"use client";

import { useMe, usePermission } from "@/components/data/session";
import { useUsers } from "@/components/data/people";
import { ErrorNote } from "@/components/ErrorNote";
import { NeedsRole } from "@/components/NeedsRole";
import { CreateUserForm } from "@/components/people/CreateUserForm";
import { UserRow } from "@/components/people/UserRow";

/** Admins' people page: every account with its projects and roles, and a form for a new one. */
export function PeopleScreen() {
  const permission = usePermission("user:manage");
  if (!permission.known) return <p className="text-sm text-slate-500">Loading…</p>;
  if (!permission.allowed) return <NeedsRole role={permission.needed} action="Managing people" />;
  return <People />;
}

function People() {
  const users = useUsers();
  const me = useMe();
  return (
    <div className="space-y-8">
      <CreateUserForm />
      {users.error ? (
        <ErrorNote testId="users-error">{users.error.message}</ErrorNote>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm" data-testid="user-list">
          {users.isPending && <li className="p-4 text-slate-500">Loading…</li>}
          {users.data?.items.map((user) => (
            <UserRow key={user.id} user={user} isMe={user.email === me.data?.email} />
          ))}
        </ul>
      )}
    </div>
  );
}
