import type { Role } from "@/lib/auth/permissions";

/** Said where an action would be, to someone whose role cannot take it: which role it needs. */
export function NeedsRole({ role, action }: { role: Role; action?: string }) {
  return (
    <p className="text-sm text-slate-500" data-testid="needs-role">
      {action ? `${action} needs` : "Needs"} the {role} role{role === "admin" ? "" : " in this project"}.
    </p>
  );
}
