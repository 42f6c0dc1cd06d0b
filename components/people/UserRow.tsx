"use client";

import { useState } from "react";
import { messageOf } from "@/components/api";
import { useResetPassword, useUpdateUser } from "@/components/data/people";
import { ErrorNote } from "@/components/ErrorNote";
import { ShownOnce } from "@/components/people/ShownOnce";
import { BUTTON } from "@/components/people/styles";
import { UserMemberships } from "@/components/people/UserMemberships";
import type { UserSummary } from "@/lib/auth/people-types";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** One account: who, its role and state, its projects, and what an admin can do to it. */
export function UserRow({ user, isMe }: { user: UserSummary; isMe: boolean }) {
  const update = useUpdateUser(user.id);
  const reset = useResetPassword(user.id);
  const [projectsOpen, setProjectsOpen] = useState(false);
  const error = update.error ?? reset.error;
  const secret = reset.data?.password ?? (reset.data?.link ? `${window.location.origin}${reset.data.link}` : null);
  return (
    <li className="space-y-3 p-4" data-testid="user-row" data-email={user.email}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-0.5">
          <div className="break-all font-medium">
            {user.email}
            {isMe && <span className="font-normal text-slate-500"> (you)</span>}
          </div>
          {user.name && <div className="text-slate-600">{user.name}</div>}
          <div className="flex flex-wrap gap-x-3 text-xs text-slate-500">
            <span data-testid="user-role">{user.admin ? "admin" : "member"}</span>
            {user.disabled && <span className="font-medium text-rose-700">disabled</span>}
            <span>{user.lastSignInAt ? `last signed in ${dateFormat.format(new Date(user.lastSignInAt))}` : "never signed in"}</span>
            <span>
              {user.memberships.length
                ? user.memberships.map((m) => `${m.slug} (${m.role})`).join(", ")
                : user.admin
                  ? "every project"
                  : "no projects"}
            </span>
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={BUTTON} onClick={() => setProjectsOpen(!projectsOpen)} aria-expanded={projectsOpen}>
            Projects
          </button>
          <button
            type="button"
            className={BUTTON}
            disabled={update.isPending || isMe}
            title={isMe ? "Another administrator can change your own account" : undefined}
            onClick={() => update.mutate({ admin: !user.admin })}
          >
            {user.admin ? "Remove admin" : "Make admin"}
          </button>
          <button
            type="button"
            className={BUTTON}
            disabled={update.isPending || isMe}
            title={isMe ? "Another administrator can disable your account" : undefined}
            onClick={() => update.mutate({ disabled: !user.disabled })}
          >
            {user.disabled ? "Enable" : "Disable"}
          </button>
          <button type="button" className={BUTTON} disabled={reset.isPending} onClick={() => reset.mutate({ method: "generate" })}>
            New password
          </button>
          <button type="button" className={BUTTON} disabled={reset.isPending} onClick={() => reset.mutate({ method: "link" })}>
            Reset link
          </button>
        </div>
      </div>
      {error && <ErrorNote testId="user-error">{messageOf(error)}</ErrorNote>}
      {secret && reset.data && (
        <ShownOnce
          label={
            reset.data.password
              ? `New password for ${user.email} (their sessions have ended)`
              : `One-time reset link for ${user.email}, valid until ${dateFormat.format(new Date(reset.data.expiresAt!))}`
          }
          value={secret}
          testId={reset.data.password ? "reset-password-value" : "reset-link-value"}
          onDismiss={() => reset.reset()}
        />
      )}
      {projectsOpen && <UserMemberships user={user} />}
    </li>
  );
}
