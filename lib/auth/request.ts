import "server-only";
import { sessionPrincipal, tokenPrincipal } from "@/lib/auth/accounts";
import { auditAs, type Audit } from "@/lib/auth/audit";
import { authorize, roleOf, type Permission, type Principal, type Role, type SignedIn } from "@/lib/auth/permissions";
import { forwardedClient, type TrustProxy } from "@/lib/auth/trust-proxy";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http";
import { requestProject, type ProjectLookup, type ProjectLookupFor } from "@/lib/projects/request-project";

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

/**
 * The client's address for the sign-in throttle and the audit log: from X-Forwarded-For only as far
 * as TRUST_PROXY trusts it; otherwise "unknown" (`next start` gives route handlers no socket, and
 * whatever X-Forwarded-For a client sends reaches them unchanged).
 */
export function clientAddress(request: Request, trust: TrustProxy = env.TRUST_PROXY): string {
  return forwardedClient(request.headers.get("x-forwarded-for"), trust);
}

export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/** The Set-Cookie header that hands a browser its session (httpOnly, SameSite=Lax, Secure on https). */
export function sessionCookie(request: Request, token: string, maxAgeSeconds: number): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(isHttps(request) ? ["Secure"] : []),
  ].join("; ");
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

const badOrigin = (why: string) => new AppError("BAD_ORIGIN", `This request did not come from the studio's own pages: ${why}.`);

/**
 * CSRF: a cookie-authenticated mutation must name this origin, scheme and host alike (SameSite=Lax
 * already keeps most out). A sandboxed frame or a file sends `Origin: null`: never ours.
 */
export function assertSameOrigin(request: Request): void {
  if (!MUTATIONS.has(request.method)) return;
  const origin = request.headers.get("origin");
  if (!origin) throw badOrigin("it names no origin");
  if (origin === "null") throw badOrigin("its origin is opaque (Origin: null, as from a sandboxed frame or a local file)");
  const parsed = parseUrl(origin);
  // An origin is scheme://host[:port] and nothing else (a file: URL's origin is "null").
  if (!parsed || parsed.origin === "null" || parsed.origin !== origin)
    throw badOrigin(`its Origin header "${origin.slice(0, 200)}" is not an origin`);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const scheme = isHttps(request) ? "https:" : "http:";
  if (!host || parsed.host !== host) throw badOrigin(`it came from ${parsed.origin}`);
  if (parsed.protocol !== scheme)
    throw badOrigin(
      `it came from ${parsed.origin}, over ${parsed.protocol.slice(0, -1)}, while the studio is served over ${scheme.slice(0, -1)}`,
    );
}

export async function principalOf(request: Request): Promise<Principal> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (bearer) return tokenPrincipal(getDb(), bearer);
  const session = sessionToken(request);
  if (!session) return { kind: "anonymous" };
  assertSameOrigin(request);
  return sessionPrincipal(getDb(), session);
}

export interface RouteContext<Caller extends Principal = SignedIn> {
  request: Request;
  principal: Caller;
  /** The role the principal acts with (null on a public route). */
  role: Role | null;
  /** Records an audit event as the caller, with their client address and the route's project (if it has one). */
  audit: Audit;
}

/** "public": anyone; "signed-in": anyone signed in (the handler narrows by project); else a permission. */
export type RouteRule = Permission | "public" | "signed-in";

/**
 * What a route is about, which decides where a project-scoped API token may go: "project" (it has a
 * project lookup: the token's own project only), "global" (about no one project: never a scoped
 * token), "narrowed" (global, but opted in: the handler shows a scoped token its own project only),
 * "public" (no one is asked who they are).
 */
export type RouteScope = "public" | "project" | "global" | "narrowed";

type Routed<Params> = ((request: Request, extra: { params: Promise<Params> }) => Promise<Response>) & {
  rule: RouteRule;
  scope: RouteScope;
};

type GlobalOptions = {
  /** Lets a project-scoped token in; the handler must then show it nothing beyond its project (see `readableProjects`). */
  narrowsToTokenProject?: true;
};

function assertInScope(principal: Principal, scope: RouteScope, projectId?: string): void {
  if (principal.kind !== "token" || !principal.projectId) return;
  if (scope === "global")
    throw new AppError(
      "OUT_OF_SCOPE",
      "This API token is scoped to one project; it cannot reach what is global to the studio (projects, endpoint profiles, the audit log). Use a token without a project.",
    );
  if (scope === "project" && projectId !== principal.projectId)
    throw new AppError("OUT_OF_SCOPE", "This API token is scoped to another project.");
}

/**
 * A route handler with its rule: authenticated, authorized, and every error a JSON answer. Behind any rule but
 * "public" the handler's principal is signed in (never anonymous: that was a 401). With `project` (how the URL names
 * its project: see `requestProject`) the permission is checked in that project, and the handler gets its id as
 * `projectId` (resolved once, not again in the handler or below it). Without one the route is global, closed to
 * project-scoped tokens unless it opts in with `narrowsToTokenProject`.
 */
export function route<Params = unknown>(
  rule: "public",
  fn: (context: RouteContext<{ kind: "anonymous" }>, params: Params) => Promise<Response>,
): Routed<Params>;
export function route<Params = unknown>(
  rule: Exclude<RouteRule, "public">,
  fn: (context: RouteContext & { projectId: string }, params: Params) => Promise<Response>,
  options: { project: ProjectLookupFor<Params> },
): Routed<Params>;
export function route<Params = unknown>(
  rule: Exclude<RouteRule, "public">,
  fn: (context: RouteContext, params: Params) => Promise<Response>,
  options?: GlobalOptions,
): Routed<Params>;
export function route<Params = unknown>(
  rule: RouteRule,
  handle:
    | ((context: RouteContext<{ kind: "anonymous" }>, params: Params) => Promise<Response>)
    | ((context: RouteContext & { projectId: string }, params: Params) => Promise<Response>),
  { project, narrowsToTokenProject }: { project?: ProjectLookup } & GlobalOptions = {},
): Routed<Params> {
  // The overloads give a handler a signed-in principal behind a signed-in rule, and `projectId`
  // exactly when the route names its project.
  const fn = handle as (context: RouteContext<Principal> & { projectId?: string }, params: Params) => Promise<Response>;
  const scope: RouteScope = rule === "public" ? "public" : project ? "project" : narrowsToTokenProject ? "narrowed" : "global";
  const wrapped = handler(async (request: Request, extra: { params: Promise<Params> }) => {
    const params = (await extra?.params) as Params;
    const ip = clientAddress(request);
    if (rule === "public") {
      const principal = { kind: "anonymous" } as const;
      return fn({ request, principal, role: null, audit: auditAs({ db: getDb, principal, ip }) }, params);
    }
    const principal = await principalOf(request);
    // Nobody learns anything (not even whether a thing exists) before signing in.
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const projectId = project ? await requestProject(getDb(), project, params as Record<string, string | undefined>) : undefined;
    assertInScope(principal, scope, projectId);
    const audit = auditAs({ db: getDb, principal, ip, projectId });
    if (rule === "signed-in") return fn({ request, principal, role: roleOf(principal, projectId), audit }, params);
    const role = authorize(principal, rule, projectId);
    return fn({ request, principal, role, projectId, audit }, params);
  });
  return Object.assign(wrapped, { rule, scope });
}
