import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import type { RouteRule } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";

/**
 * Every route handler in app/ declares who may call it (through `route()`), and this table says what
 * that must be. A new route without a rule, or with one the table does not expect, fails here; then
 * each GET is called as each kind of caller and must answer accordingly.
 */
const EXPECTED: Record<string, Partial<Record<string, RouteRule>>> = {
  "api/health": { GET: "public" },
  "api/projects": { GET: "signed-in", POST: "project:create" },
  "api/demo": { POST: "project:create" },
  "api/projects/[slug]/settings": { GET: "project:read", PATCH: "project:configure" },
  "api/projects/[slug]/bindings": { PUT: "project:configure" },
  "api/projects/[slug]/snippets": { POST: "snippets:import" },
  "api/projects/[slug]/benchmarks": { GET: "project:read", POST: "project:configure" },
  "api/projects/[slug]/benchmarks/[id]": { DELETE: "project:configure" },
  "api/projects/[slug]/runs": { GET: "project:read", POST: "run:manage" },
  "api/projects/[slug]/evaluations": { GET: "project:read", POST: "run:manage" },
  "api/projects/[slug]/evaluations/compare": { GET: "project:read" },
  "api/projects/[slug]/evaluations/[id]": { GET: "project:read", PATCH: "run:manage" },
  "api/projects/[slug]/evaluations/[id]/cancel": { POST: "run:manage" },
  "api/projects/[slug]/evaluations/[id]/results": { GET: "project:read" },
  "api/runs/[runId]": { POST: "run:manage" },
  "api/endpoints/[id]": { PATCH: "endpoint:manage", DELETE: "endpoint:manage" },
  "api/endpoints/[id]/test": { POST: "endpoint:manage" },
  "api/auth/sign-in": { POST: "public" },
  "api/auth/sign-out": { POST: "public" },
  "api/auth/me": { GET: "signed-in" },
  "api/audit": { GET: "audit:read" },
  "api/users": { GET: "user:manage", POST: "user:manage" },
  "api/users/[id]": { PATCH: "user:manage" },
  "api/users/[id]/password": { POST: "user:manage" },
  "api/projects/[slug]/members": { GET: "project:read", POST: "user:manage" },
  "api/projects/[slug]/members/[id]": { PATCH: "user:manage", DELETE: "user:manage" },
  "api/tokens": { GET: "signed-in", POST: "signed-in" },
  "api/tokens/[id]": { DELETE: "signed-in" },
  "api/account/password": { POST: "signed-in" },
  "api/auth/reset-password": { POST: "public" },
  "api/endpoints": { GET: "endpoint:manage", POST: "endpoint:manage" },
  "api/candidates/[id]": { GET: "project:read" },
  "api/candidates/[id]/claim": { POST: "review:claim", DELETE: "review:claim" },
  "api/candidates/[id]/adjudication": { POST: "review:adjudicate" },
  "api/candidates/[id]/decision": { POST: "review:decide" },
  "api/candidates/[id]/reopen": { POST: "review:decide" },
  "api/candidates/[id]/revisions": { POST: "review:edit" },
  "api/candidates/[id]/comments": { GET: "project:read", POST: "review:comment" },
  "api/discussions/[id]": { GET: "project:read" },
  "api/agents/[id]/memory": { GET: "project:read" },
  "api/projects/[slug]/candidates": { GET: "project:read" },
  "api/projects/[slug]/candidates/bulk-decision": { POST: "review:decide" },
  "api/projects/[slug]/dashboard": { GET: "project:read" },
  "api/projects/[slug]/discussions": { GET: "project:read" },
  "api/discussions/[id]/events": { GET: "project:read" },
  "api/projects/[slug]/versions": { GET: "project:read", POST: "dataset:version" },
  "api/projects/[slug]/versions/[tag]": { GET: "project:read" },
  "api/projects/[slug]/versions/[tag]/diff": { GET: "project:read" },
  "api/projects/[slug]/versions/[tag]/card": { GET: "project:read" },
  "api/projects/[slug]/versions/[tag]/export": { GET: "dataset:export" },
  "api/projects/[slug]/versions/[tag]/export/training": { GET: "dataset:export" },
  "api/projects/[slug]/versions/[tag]/items": { GET: "project:read" },
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

const cookies: Partial<Record<Role | "anonymous", string>> = { anonymous: "" };
let candidateId = "";
let runId = "";

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "routes", name: "routes", languages: [], settings: {} } });
  const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python" } });
  const revision = await db.revision.create({
    data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction: "i", solution: "s", tests: "t" },
  });
  await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
  candidateId = candidate.id;
  runId = (await db.synthesisRun.create({ data: { projectId: project.id, stages: ["SEED"], status: "SUCCEEDED", settings: {} } })).id;
  for (const role of ["viewer", "annotator", "curator", "admin"] as const) {
    const membership = role === "admin" ? undefined : { id: project.id, role: role.toUpperCase() as Uppercase<typeof role> };
    cookies[role] = (await signedInUser(db, { email: `${role}@routes.test`, admin: role === "admin", project: membership })).cookie;
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

  it.each(["anonymous", "viewer", "annotator", "curator", "admin"] as const)(
    "answers each route as its rule says for %s",
    async (caller) => {
      for (const { name, module } of routes) {
        for (const method of METHODS) {
          const handle = module[method];
          if (!handle) continue;
          const rule = handle.rule!;
          if (rule === "public") continue; // sign-in, sign-out, health: for everyone by design
          const headers: Record<string, string> = { "content-type": "application/json", origin: "http://studio.test", host: "studio.test" };
          if (cookies[caller]) headers.cookie = cookies[caller]!;
          const request = new Request(
            `http://studio.test/${name.replace("[id]", candidateId).replace("[slug]", "routes").replace("[tag]", "v-none").replace("[runId]", runId)}`,
            { method, headers, body: method === "GET" ? undefined : "{}" },
          );
          const response = await handle(request, { params: Promise.resolve({ id: candidateId, slug: "routes", tag: "v-none", runId }) });
          const allowed = caller !== "anonymous" && (rule === "signed-in" || can(caller, rule as Permission));
          if (allowed) expect([401, 403, 500], `${caller} ${method} /${name}`).not.toContain(response.status);
          else expect(response.status, `${caller} ${method} /${name}`).toBe(caller === "anonymous" ? 401 : 403);
        }
      }
    },
  );
});
