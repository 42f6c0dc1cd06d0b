"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { signIn } from "@/components/data/session";
import { ErrorNote } from "@/components/ErrorNote";

/** Email and password; on success back to the page that sent you here (only pages of this studio). */
export function SignInForm() {
  const next = useSearchParams().get("next");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(form.get("email"), form.get("password"));
      queryClient.clear(); // what was fetched signed out is stale now
      router.replace(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Email</span>
        <input name="email" type="email" autoComplete="username" required className="w-full rounded-md border border-slate-300 px-3 py-2" />
      </label>
      <label className="block space-y-1 text-sm">
        <span className="font-medium">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </label>
      {error && <ErrorNote testId="sign-in-error">{error}</ErrorNote>}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded-md bg-slate-900 px-3 py-2 text-sm font-medium text-white disabled:bg-slate-400"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
