import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/demo/route";
import { getDb } from "@/lib/db/client";
import { DemoStarted } from "@/lib/demo/demo-types";
import { stopScriptedModelServer } from "@/lib/demo/model-server";
import { signedInUser } from "@/lib/testing/accounts";

const base = "http://studio.test";
const start = async (cookie: string) => {
  const response = await POST(
    new Request(`${base}/api/demo`, {
      method: "POST",
      headers: { cookie, origin: base, host: "studio.test", "content-type": "application/json" },
    }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as unknown };
};
const scriptedEndpoint = () => getDb().endpointProfile.findFirstOrThrow({ where: { scripted: true } });
const modelsAt = async (baseUrl: string) => ((await (await fetch(`${baseUrl}/models`)).json()) as { data: { owned_by: string }[] }).data;

let admin = "";
beforeAll(async () => {
  admin = (await signedInUser(getDb(), { email: "demo-admin@example.com", admin: true })).cookie;
});
afterAll(async () => {
  await stopScriptedModelServer();
  await getDb().$disconnect();
});

describe("POST /api/demo", () => {
  it("is refused, naming the role, to someone who may not create projects", async () => {
    const viewer = (await signedInUser(getDb(), { email: "demo-viewer@example.com" })).cookie;
    expect(await start(viewer)).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: expect.stringContaining("curator") } },
    });
    expect(await getDb().project.count()).toBe(0);
  });

  it("makes the demo: bundled snippets, the scripted server started and bound to every role, a run started, audited", async () => {
    const { status, body } = await start(admin);
    expect(status).toBe(201);
    const started = DemoStarted.parse(body);
    expect(started).toMatchObject({ slug: "demo", created: true, runId: expect.any(String) });
    const db = getDb();
    const project = await db.project.findUniqueOrThrow({ where: { slug: "demo" } });
    const snippets = await db.snippet.groupBy({ by: ["language"], where: { projectId: project.id }, _count: true });
    expect(Object.fromEntries(snippets.map((s) => [s.language, s._count]))).toEqual({ python: 6, javascript: 6, go: 6, java: 6 });
    expect(await db.snippet.findFirst({ where: { projectId: project.id }, select: { license: true } })).toEqual({ license: "Apache-2.0" });

    const endpoint = await scriptedEndpoint();
    const bindings = await db.projectRoleBinding.findMany({ where: { projectId: project.id } });
    expect(bindings.map((b) => b.role).sort()).toEqual([
      "AGENT",
      "INSTRUCTION_GENERATOR",
      "POLICY",
      "RESPONSE_GENERATOR",
      "SCORER",
      "TEST_WRITER",
    ]);
    expect(new Set(bindings.map((b) => b.endpointProfileId))).toEqual(new Set([endpoint.id]));
    // A real server answers at the bound URL, and says what it is.
    expect(await modelsAt(endpoint.baseUrl)).toMatchObject([{ owned_by: expect.stringContaining("no language model inside") }]);

    const run = await db.synthesisRun.findUniqueOrThrow({ where: { id: started.runId! } });
    expect(run.stages).toEqual(["SEED", "AGENTS", "DISCUSS"]);
    const audit = await db.auditEvent.findMany({ where: { action: "demo.create" } });
    expect(audit).toMatchObject([{ targetId: project.id, projectId: project.id }]);
  });

  it("opens the demo when it exists, and starts its server again when it has ended (a studio restart)", async () => {
    const before = await scriptedEndpoint();
    expect(await start(admin)).toMatchObject({ status: 200, body: { slug: "demo", created: false, runId: null } });
    expect((await scriptedEndpoint()).baseUrl).toBe(before.baseUrl);

    await stopScriptedModelServer();
    await expect(fetch(`${before.baseUrl}/models`)).rejects.toThrow();
    expect(await start(admin)).toMatchObject({ status: 200, body: { created: false } });
    const after = await scriptedEndpoint();
    expect(after.id).toBe(before.id);
    expect(after.baseUrl).not.toBe(before.baseUrl);
    expect(await modelsAt(after.baseUrl)).toHaveLength(1);
    expect(await getDb().project.count()).toBe(1);
    expect(await getDb().auditEvent.count({ where: { action: "demo.open" } })).toBe(2);
  });
});
