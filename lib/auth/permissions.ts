import { AppError } from "@/lib/errors";

/**
 * Who may do what, in one place. Roles, from least to most powerful: viewer (reads), annotator
 * (reviews: the queue, edits, decisions), curator (projects, endpoints, runs, dataset versions),
 * admin (everything, and users). Project roles come from membership; admin is global. Every route
 * handler and server action asks `authorize` for one of these permissions.
 */

export const ROLES = ["viewer", "annotator", "curator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "project:read": "viewer",
  "review:claim": "annotator",
  "review:edit": "annotator",
  "review:decide": "annotator",
  "review:comment": "annotator",
  "review:adjudicate": "curator",
  "project:create": "curator",
  "project:configure": "curator",
  "snippets:import": "curator",
  "endpoint:manage": "curator",
  "run:manage": "curator",
  "dataset:version": "curator",
  "dataset:export": "viewer",
  "audit:read": "admin",
  "user:manage": "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const rank = (role: Role) => ROLES.indexOf(role);

export function can(role: Role | null, permission: Permission): boolean {
  return role !== null && rank(role) >= rank(PERMISSIONS[permission]);
}

/** The least role that has the permission, for "this needs the curator role". */
export function requiredRole(permission: Permission): Role {
  return PERMISSIONS[permission];
}

/** Who is asking: a signed-in user, an API token (its role is capped), or nobody. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "user"; userId: string; email: string; admin: boolean; projectRoles: Record<string, Role> }
  | {
      kind: "token";
      userId: string;
      email: string;
      tokenId: string;
      admin: boolean;
      role: Role;
      projectId: string | null;
      projectRoles: Record<string, Role>;
    };

/** Someone signed in: a user, or their API token. Every rule but "public" gives a route handler one of these. */
export type SignedIn = Exclude<Principal, { kind: "anonymous" }>;

/**
 * The principal's role for a project (or, without one, its highest anywhere). A token never has
 * more than its own role, nor more than its user has.
 */
export function roleOf(principal: Principal, projectId?: string): Role | null {
  if (principal.kind === "anonymous") return null;
  // A scoped token's highest role anywhere is its role in its one project.
  if (principal.kind === "token" && principal.projectId) projectId ??= principal.projectId;
  const own: Role | null = principal.admin
    ? "admin"
    : projectId
      ? (principal.projectRoles[projectId] ?? null)
      : (Object.values(principal.projectRoles).sort((a, b) => rank(b) - rank(a))[0] ?? null);
  if (principal.kind === "user") return own;
  if (principal.projectId && projectId && principal.projectId !== projectId) return null;
  if (own === null) return null;
  return rank(principal.role) < rank(own) ? principal.role : own;
}

/** Throws 401 for nobody and 403 naming the role needed; returns the role the principal acts with. */
export function authorize(principal: Principal, permission: Permission, projectId?: string): Role {
  if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
  const role = roleOf(principal, projectId);
  if (!can(role, permission)) {
    const needed = requiredRole(permission);
    throw new AppError(
      "FORBIDDEN",
      `This needs the ${needed} role${needed === "admin" ? "" : projectId ? " in this project" : ""}; you ${role ? `are ${/^[aeiou]/.test(role) ? "an" : "a"} ${role}` : "have no role here"}.`,
    );
  }
  return role!;
}

/** The projects a principal may see listed (undefined: all of them): an admin's all, a member's theirs, a scoped token's its own. */
export function readableProjects(principal: Principal): string[] | undefined {
  if (principal.kind === "anonymous") return [];
  if (principal.kind === "token" && principal.projectId) return roleOf(principal, principal.projectId) ? [principal.projectId] : [];
  return principal.admin ? undefined : Object.keys(principal.projectRoles);
}

/** The roles a principal has per project, as far as it reaches (a scoped token: its project, at its role). */
export function visibleProjectRoles(principal: Principal): Record<string, Role> {
  if (principal.kind === "anonymous") return {};
  if (principal.kind !== "token" || !principal.projectId) return principal.projectRoles;
  const role = roleOf(principal, principal.projectId);
  return role ? { [principal.projectId]: role } : {};
}
