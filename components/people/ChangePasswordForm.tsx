"use client";

import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { changePassword } from "@/components/data/tokens";
import { ErrorNote } from "@/components/ErrorNote";
import { CARD, INPUT, PRIMARY } from "@/components/people/styles";

/** The signed-in user's new password: the current one first; their other sessions end, this one stays. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    setError(null);
    setDone(false);
    if (newPassword !== data.get("repeat")) {
      setError("The new password and its repetition differ.");
      return;
    }
    setBusy(true);
    try {
      await changePassword({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword });
      form.reset();
      setDone(true);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={CARD} aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-medium">
        Change your password
      </h2>
      <form onSubmit={(event) => void submit(event)} className="max-w-md space-y-3 text-sm">
        <label className="block space-y-1">
          <span className="font-medium">Current password</span>
          <input name="currentPassword" type="password" autoComplete="current-password" required className={INPUT} />
        </label>
        <label className="block space-y-1">
          <span className="font-medium">New password</span>
          <input name="newPassword" type="password" autoComplete="new-password" required className={INPUT} />
          <span className="block text-xs text-slate-500">At least 12 characters. Your other sessions end; this one stays.</span>
        </label>
        <label className="block space-y-1">
          <span className="font-medium">Repeat the new password</span>
          <input name="repeat" type="password" autoComplete="new-password" required className={INPUT} />
        </label>
        {error && <ErrorNote testId="password-error">{error}</ErrorNote>}
        {done && (
          <p role="status" className="text-emerald-700" data-testid="password-changed">
            Password changed. Your other sessions have been signed out.
          </p>
        )}
        <button type="submit" disabled={busy} className={PRIMARY}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}
