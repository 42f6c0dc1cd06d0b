import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as patchEndpoint } from "@/app/api/endpoints/[id]/route";
import { GET as listEndpoints, POST as createEndpoint } from "@/app/api/endpoints/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { routeCaller, type RouteBody } from "@/lib/testing/route-call";

/** The endpoints page's routes over real requests and a real database, as a curator who is not an admin. */

let curator = "";
let annotator = "";
const call = routeCaller(() => curator);

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "endpoints-screen", name: "endpoints", languages: [], settings: {} } });
  ({ cookie: curator } = await signedInUser(db, { email: "cur@endpoints.test", project: { id: project.id, role: "CURATOR" } }));
  ({ cookie: annotator } = await signedInUser(db, { email: "ann@endpoints.test", project: { id: project.id, role: "ANNOTATOR" } }));
});
afterAll(() => getDb().$disconnect());

describe("the endpoints routes", () => {
  it("creates a profile with its limits and structured-output mode, and lists them with what AUTO detected", async () => {
    const created = await call(
      createEndpoint,
      "POST",
      "/api/endpoints",
      {},
      {
        name: "screen-vllm",
        baseUrl: "http://127.0.0.1:8000/v1",
        model: "qwen",
        maxTokens: 1024,
        maxOutputTokens: 4096,
        structuredOutput: "json_schema",
      },
    );
    expect(created).toMatchObject({
      status: 201,
      body: { maxTokens: 1024, maxOutputTokens: 4096, structuredOutput: "json_schema", structuredOutputDetected: null },
    });
    const low = await call(
      createEndpoint,
      "POST",
      "/api/endpoints",
      {},
      { name: "screen-low", baseUrl: "http://x/v1", model: "m", maxTokens: 1024, maxOutputTokens: 10, structuredOutput: "JSON_SCHEMA" },
    );
    expect(low.status).toBe(400);
    expect(low.body.error!.message).toMatch(/structuredOutput: one of auto, json_schema, json_object, none/);
    expect(low.body.error!.message).toMatch(/maxOutputTokens: max output tokens \(10\) must be at least max tokens \(1024\)/);
    await getDb().endpointProfile.update({
      where: { id: created.body.id as string },
      data: { structuredOutputDetected: "JSON_SCHEMA", structuredOutputProbedAt: new Date() },
    });
    const listed = await call(listEndpoints, "GET", "/api/endpoints", {});
    expect((listed.body.items as RouteBody[]).find((p) => p.name === "screen-vllm")).toMatchObject({
      structuredOutput: "json_schema",
      structuredOutputDetected: "json_schema",
      structuredOutputProbedAt: expect.any(String),
    });
  });

  it("edits a profile with PATCH: validated, audited, the probe forgotten when the server may differ", async () => {
    const [profile] = await getDb().endpointProfile.findMany({ where: { name: "screen-vllm" } });
    const url = `/api/endpoints/${profile!.id}`;
    const bad = await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { maxOutputTokens: 512 });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining("maxOutputTokens: max output tokens (512) must be at least max tokens (1024)") } },
    });
    expect((await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { maxConcurrency: "many" })).body.error!.message).toContain(
      "maxConcurrency:",
    );
    expect((await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { maxTokens: 2048 }, annotator)).status).toBe(403);

    const kept = await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { maxTokens: 2048, maxOutputTokens: 8192, temperature: 0.5 });
    expect(kept).toMatchObject({
      status: 200,
      body: { maxTokens: 2048, maxOutputTokens: 8192, temperature: 0.5, structuredOutputDetected: "json_schema" },
    });
    const moved = await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { model: "qwen-2", structuredOutput: "auto" });
    expect(moved).toMatchObject({
      status: 200,
      body: { model: "qwen-2", structuredOutput: "auto", structuredOutputDetected: null, structuredOutputProbedAt: null },
    });

    const audits = await getDb().auditEvent.findMany({
      where: { action: "endpoint.update", targetId: profile!.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audits).toHaveLength(2);
    expect(audits[0]).toMatchObject({
      actorLabel: "cur@endpoints.test",
      before: { maxTokens: 1024 },
      after: { maxTokens: 2048, maxOutputTokens: 8192 },
    });

    expect(
      (
        await call(
          patchEndpoint,
          "PATCH",
          "/api/endpoints/00000000-0000-7000-8000-000000000000",
          { id: "00000000-0000-7000-8000-000000000000" },
          { model: "x" },
        )
      ).status,
    ).toBe(404);
    expect((await call(patchEndpoint, "PATCH", "/api/endpoints/nope", { id: "nope" }, { model: "x" })).status).toBe(404);
    await call(createEndpoint, "POST", "/api/endpoints", {}, { name: "screen-other", baseUrl: "http://x/v1", model: "m" });
    expect((await call(patchEndpoint, "PATCH", url, { id: profile!.id }, { name: "screen-other" })).status).toBe(409);
  });
});
