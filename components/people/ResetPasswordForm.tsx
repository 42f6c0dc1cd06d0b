"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { redeemPasswordReset } from "@/components/data/tokens";
import { ErrorNote } from "@/components/ErrorNote";
import { INPUT, PRIMARY } from "@/components/people/styles";

/** The page a one-time reset link opens: a new password, then the user is signed in and at home. */
export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!token) return <ErrorNote testId="reset-error">This page needs the link an administrator gave you (it ends in ?token=…).</ErrorNote>;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    setError(null);
    if (password !== data.get("repeat")) return setError("The new password and its repetition differ.");
    setBusy(true);
    try {
      await redeemPasswordReset(token, password);
      queryClient.clear(); // whatever was fetched signed out is stale now
      router.replace("/");
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4 text-sm">
      <label className="block space-y-1">
        <span className="font-medium">New password</span>
        <input name="password" type="password" autoComplete="new-password" required className={INPUT} />
        <span className="block text-xs text-slate-500">At least 12 characters. The link works once.</span>
      </label>
      <label className="block space-y-1">
        <span className="font-medium">Repeat it</span>
        <input name="repeat" type="password" autoComplete="new-password" required className={INPUT} />
      </label>
      {error && <ErrorNote testId="reset-error">{error}</ErrorNote>}
      <button type="submit" disabled={busy} className={`w-full ${PRIMARY}`}>
        {busy ? "Setting…" : "Set password and sign in"}
      </button>
    </form>
  );
}
