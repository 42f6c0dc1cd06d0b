import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createUser } from "@/lib/auth/accounts";
import { can, type Permission, type Role } from "@/lib/auth/permissions";
import type { RouteRule, RouteScope } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { ProjectPage } from "@/lib/projects/types";
import { signedInUser } from "@/lib/testing/accounts";

/**
 * What an API token reaches, route by route. A token scoped to a project reaches that project's
 * routes only (as far as its role goes); every other project's, and the global routes (new
 * projects, endpoint profiles, the audit log), answer 403, except the few that narrow themselves to
 * the token's project (the project list, "who am I"). The table below names every route handler
 * under app/api: a new route without its line here fails the first test.
 */
const SCOPES: Record<string, Partial<Record<Method, RouteScope>>> = {
  "api/health": { GET: "public" },
  "api/auth/sign-in": { POST: "public" },
  "api/auth/sign-out": { POST: "public" },
  "api/auth/me": { GET: "narrowed" },
  "api/audit": { GET: "global" },
  "api/users": { GET: "global", POST: "global" },
  "api/users/[id]": { PATCH: "global" },
  "api/users/[id]/password": { POST: "global" },
  "api/projects/[slug]/members": { GET: "project", POST: "project" },
  "api/projects/[slug]/members/[id]": { PATCH: "project", DELETE: "project" },
  "api/tokens": { GET: "global", POST: "global" },
  "api/tokens/[id]": { DELETE: "global" },
  "api/account/password": { POST: "global" },
  "api/auth/reset-password": { POST: "public" },
  "api/projects": { GET: "narrowed", POST: "global" },
  "api/demo": { POST: "global" },
  "api/endpoints": { GET: "global", POST: "global" },
  "api/endpoints/[id]": { PATCH: "global", DELETE: "global" },
  "api/endpoints/[id]/test": { POST: "global" },
  "api/projects/[slug]/settings": { GET: "project", PATCH: "project" },
  "api/projects/[slug]/bindings": { PUT: "project" },
  "api/projects/[slug]/snippets": { POST: "project" },
  "api/projects/[slug]/benchmarks": { GET: "project", POST: "project" },
  "api/projects/[slug]/benchmarks/[id]": { DELETE: "project" },
  "api/projects/[slug]/runs": { GET: "project", POST: "project" },
  "api/projects/[slug]/evaluations": { GET: "project", POST: "project" },
  "api/projects/[slug]/evaluations/compare": { GET: "project" },
  "api/projects/[slug]/evaluations/[id]": { GET: "project", PATCH: "project" },
  "api/projects/[slug]/evaluations/[id]/cancel": { POST: "project" },
  "api/projects/[slug]/evaluations/[id]/results": { GET: "project" },
  "api/projects/[slug]/candidates": { GET: "project" },
  "api/projects/[slug]/candidates/bulk-decision": { POST: "project" },
  "api/projects/[slug]/dashboard": { GET: "project" },
  "api/projects/[slug]/discussions": { GET: "project" },
  "api/projects/[slug]/versions": { GET: "project", POST: "project" },
  "api/projects/[slug]/versions/[tag]": { GET: "project" },
  "api/projects/[slug]/versions/[tag]/diff": { GET: "project" },
  "api/projects/[slug]/versions/[tag]/card": { GET: "project" },
  "api/projects/[slug]/versions/[tag]/export": { GET: "project" },
  "api/projects/[slug]/versions/[tag]/export/training": { GET: "project" },
  "api/projects/[slug]/versions/[tag]/items": { GET: "project" },
  "api/runs/[runId]": { POST: "project" },
  "api/candidates/[id]": { GET: "project" },
  "api/candidates/[id]/claim": { POST: "project", DELETE: "project" },
  "api/candidates/[id]/comments": { GET: "project", POST: "project" },
  "api/candidates/[id]/adjudication": { POST: "project" },
  "api/candidates/[id]/decision": { POST: "project" },
  "api/candidates/[id]/reopen": { POST: "project" },
  "api/candidates/[id]/revisions": { POST: "project" },
  "api/discussions/[id]": { GET: "project" },
  "api/discussions/[id]/events": { GET: "project" },
  "api/agents/[id]/memory": { GET: "project" },
};

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = ((request: Request, extra: { params: Promise<unknown> }) => Promise<Response>) & { rule?: RouteRule; scope?: RouteScope };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [full] : [];
  });
}

const appDir = path.resolve("app");
const routes = await Promise.all(
  routeFiles(path.join(appDir, "api")).map(async (file) => ({
    name: path.relative(appDir, path.dirname(file)).split(path.sep).join("/"),
    module: (await import(/* @vite-ignore */ file)) as Partial<Record<Method, Handler>>,
  })),
);
const handlers = routes.flatMap(({ name, module }) =>
  METHODS.filter((method) => module[method]).map((method) => ({ name, method, handle: module[method]! })),
);

interface Fixture {
  slug: string;
  candidateId: string;
  discussionId: string;
  runId: string;
  agentId: string;
}
const fixtures: Record<"own" | "other", Fixture> = {} as never;
const MISSING_ENDPOINT = "00000000-0000-7000-8000-000000000000";
let ownProjectId = "";
let otherProjectId = "";
const tokens: Record<string, string> = {};

async function projectFixture(slug: string): Promise<Fixture & { id: string }> {
  const db = getDb();
  const project = await db.project.create({ data: { slug, name: slug, languages: ["python"], settings: {} } });
  const discussion = await db.discussion.create({ data: { projectId: project.id, mode: "PARALLEL", targetLanguage: "python" } });
  const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python" } });
  const revision = await db.revision.create({
    data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction: "i", solution: "s", tests: "t" },
  });
  await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
  const run = await db.synthesisRun.create({ data: { projectId: project.id, stages: ["SEED"], status: "SUCCEEDED", settings: {} } });
  const agent = await db.agent.create({
    data: { projectId: project.id, scope: "PER_LANGUAGE", language: "python", profile: "p", memoryCapacity: 3, similarityThreshold: 0.6 },
  });
  return { id: project.id, slug, candidateId: candidate.id, discussionId: discussion.id, runId: run.id, agentId: agent.id };
}

beforeAll(async () => {
  const db = getDb();
  const own = await projectFixture("scope-own");
  const other = await projectFixture("scope-other");
  ownProjectId = own.id;
  otherProjectId = other.id;
  fixtures.own = own;
  fixtures.other = other;
  // The demo exists, so that POST /api/demo only opens it: the project lists below stay the fixtures'.
  await db.project.create({ data: { slug: "demo", name: "demo", languages: [], settings: {} } });
  // A curator of both projects, and an admin: what stops their scoped tokens is the scope, not a missing role.
  const curator = await createUser(db, { email: "curator@scope.test", password: "a long enough password" });
  for (const projectId of [own.id, other.id]) await db.projectMember.create({ data: { projectId, userId: curator.id, role: "CURATOR" } });
  const admin = await signedInUser(db, { email: "admin@scope.test", admin: true });
  for (const role of ["viewer", "annotator", "curator"] as const) {
    tokens[`scoped ${role}`] = (await createApiToken(db, { userId: curator.id, name: role, role, projectId: own.id })).token;
  }
  tokens["scoped curator of an admin"] = (
    await createApiToken(db, { userId: admin.userId, name: "admin-scoped", role: "curator", projectId: own.id })
  ).token;
  tokens["unscoped curator"] = (await createApiToken(db, { userId: curator.id, name: "all", role: "curator" })).token;
});
afterAll(() => getDb().$disconnect());

async function call(name: string, method: Method, handle: Handler, which: "own" | "other", authorization?: string) {
  const f = fixtures[which];
  const id = name.startsWith("api/endpoints")
    ? MISSING_ENDPOINT
    : name.startsWith("api/discussions")
      ? f.discussionId
      : name.startsWith("api/agents")
        ? f.agentId
        : f.candidateId;
  const params = { slug: f.slug, id, runId: f.runId, tag: "v-none" };
  const url = `http://studio.test/${name.replace("[slug]", f.slug).replace("[id]", id).replace("[runId]", f.runId).replace("[tag]", "v-none")}`;
  const headers: Record<string, string> = { "content-type": "application/json", host: "studio.test" };
  if (authorization) headers.authorization = `Bearer ${authorization}`;
  // The live stream stays open until its client leaves: leave as soon as the status is known.
  const leave = new AbortController();
  const response = await handle(new Request(url, { method, headers, body: method === "GET" ? undefined : "{}", signal: leave.signal }), {
    params: Promise.resolve(params),
  });
  const text = response.headers.get("content-type")?.includes("event-stream") ? "" : await response.text();
  leave.abort();
  await response.body?.cancel().catch(() => undefined);
  return { status: response.status, body: text ? (JSON.parse(text) as { error?: { code: string } } & Record<string, unknown>) : {} };
}

const refused = (status: number) => [401, 403, 500].includes(status);

describe("API tokens reach what their scope allows, on every route", () => {
  it("names every route handler under app/api in the table, with the scope the handler declares", () => {
    const found: Record<string, Partial<Record<Method, RouteScope | undefined>>> = {};
    for (const { name, method, handle } of handlers) (found[name] ??= {})[method] = handle.scope;
    expect(found).toEqual(SCOPES);
  });

  it("anonymous: every route but the public ones is a 401", async () => {
    for (const { name, method, handle } of handlers) {
      if (handle.scope === "public") continue;
      expect((await call(name, method, handle, "own")).status, `${method} /${name}`).toBe(401);
    }
  });

  it.each(["viewer", "annotator", "curator"] as const)(
    "a token scoped to one project, role %s: its project's routes as its role allows, nothing else",
    async (role: Role) => {
      const token = tokens[`scoped ${role}`]!;
      for (const { name, method, handle } of handlers) {
        const what = `${method} /${name}`;
        if (handle.scope === "public") continue;
        if (handle.scope === "project") {
          const own = await call(name, method, handle, "own", token);
          if (can(role, handle.rule as Permission))
            expect(refused(own.status), `${what} (own project): ${own.status} ${JSON.stringify(own.body)}`).toBe(false);
          else expect(own, what).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
          expect(await call(name, method, handle, "other", token), `${what} (other project)`).toMatchObject({
            status: 403,
            body: { error: { code: "OUT_OF_SCOPE" } },
          });
        } else if (handle.scope === "global") {
          expect(await call(name, method, handle, "own", token), what).toMatchObject({
            status: 403,
            body: { error: { code: "OUT_OF_SCOPE" } },
          });
        } else {
          expect((await call(name, method, handle, "own", token)).status, what).toBe(200);
        }
      }
    },
  );

  it("an admin's scoped token is held to its project too", async () => {
    const token = tokens["scoped curator of an admin"]!;
    for (const { name, method, handle } of handlers) {
      if (handle.scope === "project") expect((await call(name, method, handle, "other", token)).status, `${method} /${name}`).toBe(403);
      if (handle.scope === "global") expect((await call(name, method, handle, "own", token)).status, `${method} /${name}`).toBe(403);
    }
  });

  it("an unscoped token reaches every project of its user and the global routes its role allows", async () => {
    const token = tokens["unscoped curator"]!;
    for (const { name, method, handle } of handlers) {
      const what = `${method} /${name}`;
      if (handle.scope === "public") continue;
      const allowed = handle.rule === "signed-in" || can("curator", handle.rule as Permission);
      for (const which of handle.scope === "project" ? (["own", "other"] as const) : (["own"] as const)) {
        const answer = await call(name, method, handle, which, token);
        if (allowed) expect(refused(answer.status), `${what} (${which}): ${answer.status} ${JSON.stringify(answer.body)}`).toBe(false);
        else expect(answer.status, what).toBe(403);
      }
    }
  });

  it("the project list and 'who am I' show a scoped token its own project only", async () => {
    const list = routes.find((r) => r.name === "api/projects")!.module.GET!;
    const me = routes.find((r) => r.name === "api/auth/me")!.module.GET!;
    const scoped = await call("api/projects", "GET", list, "own", tokens["scoped viewer"]);
    expect(ProjectPage.parse(scoped.body).items.map((p) => p.slug)).toEqual(["scope-own"]);
    const adminScoped = await call("api/projects", "GET", list, "own", tokens["scoped curator of an admin"]);
    expect(ProjectPage.parse(adminScoped.body).items.map((p) => p.slug)).toEqual(["scope-own"]);
    const unscoped = await call("api/projects", "GET", list, "own", tokens["unscoped curator"]);
    expect(ProjectPage.parse(unscoped.body).items.map((p) => p.slug)).toEqual(["scope-other", "scope-own"]);
    expect((await call("api/auth/me", "GET", me, "own", tokens["scoped viewer"])).body).toMatchObject({
      role: "viewer",
      projectRoles: { [ownProjectId]: "viewer" },
      projectId: ownProjectId,
      via: "token",
    });
    expect((await call("api/auth/me", "GET", me, "own", tokens["scoped viewer"])).body.projectRoles).not.toHaveProperty(otherProjectId);
  });
});
