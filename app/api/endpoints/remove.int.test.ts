import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeEndpoint } from "@/app/api/endpoints/[id]/route";
import { POST as createEndpoint } from "@/app/api/endpoints/route";
import { PUT as putBindings } from "@/app/api/projects/[slug]/bindings/route";
import { getDb } from "@/lib/db/client";
import { LLM_ROLES } from "@/lib/model-roles";
import { signedInUser } from "@/lib/testing/accounts";
import { routeCaller } from "@/lib/testing/route-call";

/** Removing an endpoint profile, and binding one to every role at once, over real requests and a real database. */

let curator = "";
let annotator = "";
let projectId = "";
const call = routeCaller(() => curator);

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "remove-endpoint", name: "remove", languages: [], settings: {} } });
  projectId = project.id;
  await db.project.create({ data: { slug: "also-binds", name: "also", languages: [], settings: {} } });
  ({ cookie: curator } = await signedInUser(db, { email: "cur@remove.test", project: { id: project.id, role: "CURATOR" } }));
  ({ cookie: annotator } = await signedInUser(db, { email: "ann@remove.test", project: { id: project.id, role: "ANNOTATOR" } }));
});
afterAll(() => getDb().$disconnect());

describe("removing an endpoint profile", () => {
  it("binds one profile to every role in one audited request, refuses removal naming the projects that bind it, then removes it", async () => {
    const db = getDb();
    const created = await call(createEndpoint, "POST", "/api/endpoints", {}, { name: "to-remove", baseUrl: "http://x/v1", model: "m" });
    const id = created.body.id as string;
    const everyRole = Object.fromEntries(LLM_ROLES.map((role) => [role, id]));
    const bound = await call(
      putBindings,
      "PUT",
      "/api/projects/remove-endpoint/bindings",
      { slug: "remove-endpoint" },
      { bindings: everyRole },
    );
    expect(bound).toMatchObject({ status: 200, body: { bindings: everyRole } });
    expect(await db.auditEvent.count({ where: { action: "project.bindings", targetId: projectId } })).toBe(1);
    const other = await db.project.findUniqueOrThrow({ where: { slug: "also-binds" } });
    await db.projectRoleBinding.create({ data: { projectId: other.id, role: "SCORER", endpointProfileId: id } });

    const url = `/api/endpoints/${id}`;
    expect((await call(removeEndpoint, "DELETE", url, { id }, undefined, annotator)).status).toBe(403);
    const refused = await call(removeEndpoint, "DELETE", url, { id });
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: "CONFLICT",
          message: '"to-remove" is bound in projects also-binds, remove-endpoint: bind those roles to another endpoint first.',
        },
      },
    });
    expect(await db.endpointProfile.count({ where: { id } })).toBe(1);

    await db.projectRoleBinding.deleteMany({ where: { endpointProfileId: id } });
    expect(await call(removeEndpoint, "DELETE", url, { id })).toEqual({ status: 200, body: { removed: id } });
    expect(await db.endpointProfile.count({ where: { id } })).toBe(0);
    expect(await db.auditEvent.findFirst({ where: { action: "endpoint.delete", targetId: id } })).toMatchObject({
      actorLabel: "cur@remove.test",
      before: { name: "to-remove", baseUrl: "http://x/v1", model: "m" },
    });
    expect((await call(removeEndpoint, "DELETE", url, { id })).status).toBe(404);
    expect((await call(removeEndpoint, "DELETE", "/api/endpoints/nope", { id: "nope" })).body.error).toEqual({
      code: "NOT_FOUND",
      message: "No endpoint profile nope.",
    });
  });
});
