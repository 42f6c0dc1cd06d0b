import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "@/lib/auth/accounts";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import type { RouteRule } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";

/**
 * Every route handler in app/ declares who may call it (through `route()`), and this table says what
 * that must be. A new route without a rule, or with one the table does not expect, fails here; then
 * each GET is called as each kind of caller and must answer accordingly.
 */
const EXPECTED: Record<string, Partial<Record<string, RouteRule>>> = {
  "api/health": { GET: "public" },
  "api/projects": { GET: "signed-in" },
  "api/auth/sign-in": { POST: "public" },
  "api/auth/sign-out": { POST: "public" },
  "api/auth/me": { GET: "signed-in" },
  "api/audit": { GET: "audit:read" },
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = ((request: Request, extra: { params: Promise<unknown> }) => Promise<Response>) & { rule?: RouteRule };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

const appDir = path.resolve("app");
const routes = await Promise.all(
  routeFiles(appDir).map(async (file) => ({
    name: path.relative(appDir, path.dirname(file)).split(path.sep).join("/"),
    module: (await import(/* @vite-ignore */ file)) as Partial<Record<(typeof METHODS)[number], Handler>>,
  })),
);

const PASSWORD = "a long enough password";
const cookies: Partial<Record<Role | "anonymous", string>> = { anonymous: "" };

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "routes", name: "routes", languages: [], settings: {} } });
  for (const role of ["viewer", "annotator", "curator", "admin"] as const) {
    const user = await createUser(db, { email: `${role}@routes.test`, password: PASSWORD, admin: role === "admin" });
    if (role !== "admin") await db.projectMember.create({ data: { projectId: project.id, userId: user.id, role: role.toUpperCase() as "VIEWER" } });
    cookies[role] = `rosetta_session=${(await signIn(db, { email: `${role}@routes.test`, password: PASSWORD, ip: "routes" })).token}`;
  }
});
afterAll(() => getDb().$disconnect());

describe("every route in app/ has its access rule", () => {
  it("declares a rule for each handler, the one this table expects, and the table names no missing route", () => {
    const found: Record<string, Record<string, RouteRule | undefined>> = {};
    for (const { name, module } of routes) {
      for (const method of METHODS) if (module[method]) (found[name] ??= {})[method] = module[method]!.rule;
    }
    expect(found).toEqual(EXPECTED);
  });

  it.each(["anonymous", "viewer", "annotator", "curator", "admin"] as const)("answers each GET as the rule says for %s", async (caller) => {
    for (const { name, module } of routes) {
      const get = module.GET;
      if (!get) continue;
      const response = await get(new Request(`http://studio.test/${name}`, { headers: cookies[caller] ? { cookie: cookies[caller]! } : {} }), { params: Promise.resolve({}) });
      const rule = get.rule!;
      const allowed = rule === "public" || (rule === "signed-in" ? caller !== "anonymous" : caller !== "anonymous" && can(caller, rule as Permission));
      if (allowed) expect([401, 403], `${caller} GET /${name}`).not.toContain(response.status);
      else expect(response.status, `${caller} GET /${name}`).toBe(caller === "anonymous" ? 401 : 403);
    }
  });
});
