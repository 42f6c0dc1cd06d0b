"use client";

import { useState, type FormEvent } from "react";
import { messageOf } from "@/components/api";
import { useProjects } from "@/components/data/projects";
import { useMe } from "@/components/data/session";
import { useCreateToken } from "@/components/data/tokens";
import { ErrorNote } from "@/components/ErrorNote";
import { RoleSelect } from "@/components/people/RoleSelect";
import { ShownOnce } from "@/components/people/ShownOnce";
import { CARD, INPUT, PRIMARY } from "@/components/people/styles";
import type { ProjectRoleName } from "@/lib/auth/people-types";

const EXPIRY = [
  { label: "never", days: undefined },
  { label: "in 7 days", days: 7 },
  { label: "in 30 days", days: 30 },
  { label: "in 90 days", days: 90 },
  { label: "in a year", days: 365 },
] as const;

/** A new API token: a name, a role up to the user's own (in the chosen project), an optional project and expiry; the secret shown once. */
export function CreateTokenForm() {
  const me = useMe();
  const projects = useProjects();
  const create = useCreateToken();
  const [project, setProject] = useState("");
  const [role, setRole] = useState<ProjectRoleName>("viewer");
  const [shown, setShown] = useState<string | null>(null);
  const list = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const projectId = list.find((p) => p.slug === project)?.id;
  const own = me.data?.admin ? "admin" : projectId ? me.data?.projectRoles[projectId] : me.data?.role;
  const max: ProjectRoleName | undefined = own === "admin" ? "curator" : (own ?? undefined);
  // A role chosen for one project may be more than the user has in the next one chosen: it falls to their own.
  const tokenRole = max && PROJECT_RANK[role] < PROJECT_RANK[max] ? max : role;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = Number(data.get("expiry"));
    setShown(null);
    create.mutate(
      { name: String(data.get("name") ?? ""), role: tokenRole, project: project || undefined, expiresInDays: days || undefined },
      {
        onSuccess: ({ secret }) => {
          form.reset();
          setShown(secret);
        },
      },
    );
  };
  return (
    <section className={CARD} aria-labelledby="new-token-heading">
      <h2 id="new-token-heading" className="text-lg font-medium">
        New API token
      </h2>
      <p className="text-sm text-slate-600">
        For the CLI and automation: <code className="font-mono text-xs">Authorization: Bearer rst_…</code>. Its role is at most yours.
      </p>
      {me.data && !max ? (
        <p className="text-sm text-slate-600">
          You belong to no project yet, so a token could do nothing; an administrator adds you to one.
        </p>
      ) : (
        <form onSubmit={submit} className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
          <label className="space-y-1 sm:col-span-2">
            <span className="block font-medium">Token name</span>
            <input name="name" required placeholder="what it is for, e.g. nightly export" className={INPUT} />
          </label>
          <label className="space-y-1">
            <span className="block font-medium">Project</span>
            <select value={project} onChange={(e) => setProject(e.target.value)} className={INPUT}>
              <option value="">every project I belong to</option>
              {list.map((p) => (
                <option key={p.id} value={p.slug}>
                  {p.slug}
                </option>
              ))}
            </select>
          </label>
          <div className="space-y-1">
            <span className="block font-medium">Role</span>
            <RoleSelect label="Token role" value={tokenRole} max={max} onChange={setRole} />
          </div>
          <label className="space-y-1">
            <span className="block font-medium">Expires</span>
            <select name="expiry" className={INPUT} defaultValue="">
              {EXPIRY.map((e) => (
                <option key={e.label} value={e.days ?? ""}>
                  {e.label}
                </option>
              ))}
            </select>
          </label>
          <div className="sm:col-span-2">
            <button type="submit" disabled={create.isPending} className={PRIMARY}>
              {create.isPending ? "Creating…" : "Create token"}
            </button>
          </div>
        </form>
      )}
      {create.error && <ErrorNote testId="create-token-error">{messageOf(create.error)}</ErrorNote>}
      {shown && <ShownOnce label="Your new API token" value={shown} testId="new-token-secret" onDismiss={() => setShown(null)} />}
    </section>
  );
}

/** Lower is more powerful, as in PROJECT_ROLES. */
const PROJECT_RANK: Record<ProjectRoleName, number> = { curator: 0, annotator: 1, viewer: 2 };
