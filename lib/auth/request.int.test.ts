import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/accounts";
import { route } from "@/lib/auth/request";
import { UNKNOWN_CLIENT } from "@/lib/auth/trust-proxy";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

/**
 * What `route()` hands a handler: the project its URL names (found once), a signed-in principal, and
 * `audit`, which records the caller, their address and that project without the handler naming them.
 */
let projectId = "";
let candidateId = "";
let runId = "";
let user = { userId: "", email: "", cookie: "" };
let token = "";

beforeAll(async () => {
  const db = getDb();
  projectId = (await db.project.create({ data: { slug: "context", name: "context", languages: [], settings: {} } })).id;
  candidateId = (await createCandidate(db, projectId)).id;
  runId = (await db.synthesisRun.create({ data: { projectId, stages: ["SEED"], status: "SUCCEEDED", settings: {} } })).id;
  user = await signedInUser(db, { email: "ctx@context.test", project: { id: projectId, role: "ANNOTATOR" } });
  token = (await createApiToken(db, { userId: user.userId, name: "ctx", role: "annotator", projectId })).token;
});
afterAll(() => getDb().$disconnect());

type Params = { id?: string; slug?: string; runId?: string };
async function call(
  handle: (request: Request, extra: { params: Promise<Params> }) => Promise<Response>,
  params: Params,
  auth: "cookie" | "token" = "cookie",
) {
  const headers: Record<string, string> = { origin: "http://studio.test", host: "studio.test", "content-type": "application/json" };
  if (auth === "cookie") headers.cookie = user.cookie;
  else headers.authorization = `Bearer ${token}`;
  const response = await handle(new Request("http://studio.test/api/x", { method: "POST", headers, body: "{}" }), {
    params: Promise.resolve(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A handler that answers what it was given and audits one event. */
const echo = route<Params>(
  "review:edit",
  async ({ principal, projectId, audit }, params) => {
    await audit("context.test", { type: "candidate", id: params.id }, { before: { n: 1 }, after: { n: 2 } });
    return Response.json({ projectId, userId: principal.userId, kind: principal.kind });
  },
  { project: "candidate" },
);

describe("a route's context", () => {
  it("audits as the caller, from their address, in the route's project", async () => {
    expect(await call(echo, { id: candidateId })).toEqual({ status: 200, body: { projectId, userId: user.userId, kind: "user" } });
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: "context.test", apiTokenId: null } });
    expect(event).toMatchObject({
      actorId: user.userId,
      actorLabel: user.email,
      projectId,
      targetType: "candidate",
      targetId: candidateId,
      ip: UNKNOWN_CLIENT,
    });
    expect([event.before, event.after]).toEqual([{ n: 1 }, { n: 2 }]);

    // Through an API token: the token is named as well as its user.
    expect(await call(echo, { id: candidateId }, "token")).toMatchObject({ status: 200, body: { kind: "token" } });
    const viaToken = await getDb().auditEvent.findFirstOrThrow({ where: { action: "context.test", apiTokenId: { not: null } } });
    expect(viaToken).toMatchObject({ actorId: user.userId, actorLabel: `${user.email} (API token)`, projectId });
  });

  it("records an event inside the caller's transaction: it commits with the change or not at all", async () => {
    const rolledBack = route<Params>(
      "review:edit",
      async ({ audit }) => {
        await getDb().$transaction(async (tx) => {
          await audit("context.rolled-back", { type: "candidate" }, {}, tx);
          throw new AppError("CONFLICT", "The change was refused.");
        });
        return Response.json({});
      },
      { project: "candidate" },
    );
    expect((await call(rolledBack, { id: candidateId })).status).toBe(409);
    expect(await getDb().auditEvent.count({ where: { action: "context.rolled-back" } })).toBe(0);
  });

  it("finds the project by slug or by the id of what the URL names, and a 404 names what is missing", async () => {
    const answer = async (lookup: "slug" | "candidate" | "run", params: Params) =>
      call(
        route<Params>("project:read", async ({ projectId }) => Response.json({ projectId }), { project: lookup }),
        params,
      );
    expect(await answer("slug", { slug: "context" })).toEqual({ status: 200, body: { projectId } });
    expect(await answer("run", { runId })).toEqual({ status: 200, body: { projectId } });
    expect(await answer("slug", { slug: "elsewhere" })).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND", message: 'No project "elsewhere".' } },
    });
    expect(await answer("candidate", { id: "not-an-id" })).toMatchObject({
      status: 404,
      body: { error: { message: "No candidate not-an-id." } },
    });
    const missing = "00000000-0000-7000-8000-000000000000";
    expect(await answer("run", { runId: missing })).toMatchObject({ status: 404, body: { error: { message: `No run ${missing}.` } } });
  });
});
