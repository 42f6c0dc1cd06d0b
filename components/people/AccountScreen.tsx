"use client";

import Link from "next/link";
import { useMe } from "@/components/data/session";
import { ChangePasswordForm } from "@/components/people/ChangePasswordForm";

/** The signed-in user's own account: who they are, their roles, their password, a way to their API tokens. */
export function AccountScreen() {
  const me = useMe();
  return (
    <div className="space-y-6">
      {me.data && (
        <p className="break-all text-sm text-slate-600">
          Signed in as <span className="font-medium text-slate-900">{me.data.email}</span>
          {me.data.admin ? ", an administrator" : me.data.role ? `, at most ${me.data.role} in your projects` : ", in no project yet"}.{" "}
          <Link href="/settings/tokens" className="text-brand hover:underline">
            Your API tokens →
          </Link>
        </p>
      )}
      <ChangePasswordForm />
    </div>
  );
}
