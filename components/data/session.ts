"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson, postJson } from "@/components/api";
import { can, requiredRole, ROLES, type Permission, type Role } from "@/lib/auth/permissions";

/** The signed-in user in the browser: who it is, its roles, and the way in and out. */

const RoleName = z.enum(ROLES);
export const Me = z.object({
  email: z.string(),
  admin: z.boolean(),
  role: RoleName.nullable(),
  projectRoles: z.record(z.string(), RoleName),
  via: z.string(),
});
export type Me = z.infer<typeof Me>;

/** Who is signed in (null for nobody: no redirect, the page decides). */
export function useMe() {
  return useQuery({ queryKey: ["me"], queryFn: () => fetchJson("/api/auth/me", Me.nullable().catch(null), { acceptStatus: [401] }) });
}

/** The role `me` acts with in a project (admin is global), for `can()`; null while either is unknown. */
export function projectRole(me: Me | null | undefined, projectId: string | undefined): Role | null {
  if (!me || !projectId) return null;
  return me.admin ? "admin" : (me.projectRoles[projectId] ?? null);
}

export async function signIn(email: FormDataEntryValue | null, password: FormDataEntryValue | null): Promise<void> {
  await postJson("/api/auth/sign-in", { email, password });
}

export async function signOut(): Promise<void> {
  await postJson("/api/auth/sign-out");
}

export interface PermissionState {
  /** The signed-in user may do it here. */
  allowed: boolean;
  /** The least role that may (for "needs the curator role"). */
  needed: Role;
  /** False while who is signed in is still loading: render nothing yet rather than a wrong answer. */
  known: boolean;
}

/**
 * Whether the signed-in user may do `permission` (in a project, by its id; without one, anywhere:
 * studio-wide actions such as managing endpoints or people). Screens hide or disable an action
 * with it and say which role it needs: never offer what the server will refuse.
 */
export function usePermission(permission: Permission, projectId?: string): PermissionState {
  const me = useMe();
  const role = projectId ? projectRole(me.data, projectId) : me.data ? (me.data.admin ? "admin" : me.data.role) : null;
  return { allowed: can(role, permission), needed: requiredRole(permission), known: me.isSuccess };
}
