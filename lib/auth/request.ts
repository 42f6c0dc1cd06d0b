import "server-only";
import { sessionPrincipal, tokenPrincipal } from "@/lib/auth/accounts";
import { authorize, roleOf, type Permission, type Principal, type Role } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";

/**
 * Every route handler is declared through `route`, with the permission it needs (or "public"):
 * the one place where who-may-do-what is enforced for HTTP. Browsers authenticate with the session
 * cookie (httpOnly, SameSite=Lax, Secure on https); the CLI and automation with
 * `Authorization: Bearer rst_…`. A mutation carried by the cookie must come from this origin.
 */

export const SESSION_COOKIE = "rosetta_session";
const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** The session cookie's token, if the request carries one. */
export function sessionToken(request: Request): string | undefined {
  return cookie(request, SESSION_COOKIE);
}

export function clientAddress(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "local";
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/** CSRF: a cookie-authenticated mutation must name this origin (SameSite=Lax already keeps most out). */
export function assertSameOrigin(request: Request): void {
  if (!MUTATIONS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!origin || !host || new URL(origin).host !== host) throw new AppError("FORBIDDEN", "This request did not come from the studio's own pages (origin check).");
}

export async function principalOf(request: Request): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer) return tokenPrincipal(getDb(), bearer);
  const session = sessionToken(request);
  if (!session) return { kind: "anonymous" };
  assertSameOrigin(request);
  return sessionPrincipal(getDb(), session);
}

export interface RouteContext {
  request: Request;
  principal: Principal;
  /** The role the principal acts with (null on a public route). */
  role: Role | null;
}

/** "public": anyone; "signed-in": anyone signed in (the handler narrows by project); else a permission. */
export type RouteRule = Permission | "public" | "signed-in";

/** Finds the project a request is about (throwing NOT_FOUND when there is none). */
type ProjectOf<Params> = (request: Request, params: Params) => string | Promise<string>;

type Routed<Params> = ((request: Request, extra: { params: Promise<Params> }) => Promise<Response>) & { rule: RouteRule };

/**
 * A route handler with its rule: authenticated, authorized, and every error a JSON answer. With a
 * `project` resolver the permission is checked in that project, and the handler gets its id as
 * `projectId` (resolved once, not again in the handler).
 */
export function route<Params = unknown>(rule: RouteRule, fn: (context: RouteContext & { projectId: string }, params: Params) => Promise<Response>, options: { project: ProjectOf<Params> }): Routed<Params>;
export function route<Params = unknown>(rule: RouteRule, fn: (context: RouteContext, params: Params) => Promise<Response>): Routed<Params>;
export function route<Params = unknown>(
  rule: RouteRule,
  handle: (context: RouteContext & { projectId: string }, params: Params) => Promise<Response>,
  { project }: { project?: ProjectOf<Params> } = {},
): Routed<Params> {
  // The overloads give a handler `projectId` exactly when a resolver is there to supply it.
  const fn = handle as (context: RouteContext & { projectId?: string }, params: Params) => Promise<Response>;
  const wrapped = handler(async (request: Request, extra: { params: Promise<Params> }) => {
    const params = (await extra?.params) as Params;
    if (rule === "public") return fn({ request, principal: { kind: "anonymous" }, role: null }, params);
    const principal = await principalOf(request);
    // Nobody learns anything (not even whether a thing exists) before signing in.
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    if (rule === "signed-in") return fn({ request, principal, role: roleOf(principal) }, params);
    const projectId = await project?.(request, params);
    const role = authorize(principal, rule, projectId);
    return fn({ request, principal, role, projectId }, params);
  });
  return Object.assign(wrapped, { rule });
}
