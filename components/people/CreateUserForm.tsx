"use client";

import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { useCreateUser } from "@/components/data/people";
import { ErrorNote } from "@/components/ErrorNote";
import { ShownOnce } from "@/components/people/ShownOnce";
import { CARD, INPUT, PRIMARY } from "@/components/people/styles";

/** A new account: email, name, admin or not, and a password typed here or generated and shown once. */
export function CreateUserForm() {
  const create = useCreateUser();
  const [typed, setTyped] = useState(false);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setShown(null);
    create.mutate(
      {
        email: String(data.get("email") ?? ""),
        name: String(data.get("name") ?? "") || undefined,
        admin: data.get("admin") === "on",
        password: typed ? String(data.get("password") ?? "") : undefined,
      },
      {
        onSuccess: ({ user, password }) => {
          form.reset();
          setTyped(false);
          if (password) setShown({ email: user.email, password });
        },
      },
    );
  };
  return (
    <section className={CARD} aria-labelledby="new-user-heading">
      <h2 id="new-user-heading" className="text-lg font-medium">
        New user
      </h2>
      <form onSubmit={submit} className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <label className="space-y-1">
          <span className="block font-medium">Email</span>
          <input name="email" type="email" required className={INPUT} />
        </label>
        <label className="space-y-1">
          <span className="block font-medium">Name</span>
          <input name="name" className={INPUT} />
        </label>
        <label className="flex items-center gap-2">
          <input name="admin" type="checkbox" /> Administrator (everything, including people)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={typed} onChange={(e) => setTyped(e.target.checked)} /> Type a password instead of generating one
        </label>
        {typed && (
          <label className="space-y-1 sm:col-span-2">
            <span className="block font-medium">Password</span>
            <input name="password" type="password" autoComplete="new-password" required className={INPUT} />
            <span className="block text-xs text-slate-500">At least 12 characters.</span>
          </label>
        )}
        <div className="sm:col-span-2">
          <button type="submit" disabled={create.isPending} className={PRIMARY}>
            {create.isPending ? "Creating…" : "Create user"}
          </button>
        </div>
      </form>
      {create.error && <ErrorNote testId="create-user-error">{messageOf(create.error)}</ErrorNote>}
      {shown && (
        <ShownOnce
          label={`Password for ${shown.email}`}
          value={shown.password}
          testId="new-user-password"
          onDismiss={() => setShown(null)}
        />
      )}
    </section>
  );
}
