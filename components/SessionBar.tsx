"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signOut as endSession, useMe } from "@/components/data/session";

/** Who is signed in, and the way out. */
export function SessionBar() {
  const me = useMe();
  const router = useRouter();
  const queryClient = useQueryClient();
  if (!me.data) return null;
  const signOut = async () => {
    await endSession();
    queryClient.clear();
    router.replace("/sign-in");
  };
  return (
    <div className="flex min-w-0 items-center gap-3 text-sm text-slate-600" data-testid="session-bar">
      <span className="min-w-0 truncate">
        <span className="hidden sm:inline">Signed in as </span>
        <span className="font-medium text-slate-900">{me.data.email}</span>
        {me.data.admin ? " (admin)" : me.data.role ? ` (${me.data.role})` : ""}
      </span>
      <button
        type="button"
        onClick={() => void signOut()}
        className="shrink-0 rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
      >
        Sign out
      </button>
    </div>
  );
}
