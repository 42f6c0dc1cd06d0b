import type { Role } from "@/lib/auth/permissions";

/** Said where an action would be, to someone whose role cannot take it: which role it needs. */
export function NeedsRole({ role, action, studio = false }: { role: Role; action?: string; studio?: boolean }) {
  return (
    <p className="text-sm text-slate-500" data-testid="needs-role">
      {/* `studio`: a studio-wide action (endpoints, new projects), which a role in any project grants. */}
      {action ? `${action} needs` : "Needs"} the {role} role{role === "admin" ? "" : studio ? " in a project" : " in this project"}.
    </p>
  );
}
