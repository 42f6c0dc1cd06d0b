import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testEndpoint } from "@/app/api/endpoints/[id]/test/route";
import { PUT as putBindings } from "@/app/api/projects/[slug]/bindings/route";
import { GET as listRuns, POST as startRunRoute } from "@/app/api/projects/[slug]/runs/route";
import { GET as getSettings, PATCH as patchSettings } from "@/app/api/projects/[slug]/settings/route";
import { POST as uploadSnippets } from "@/app/api/projects/[slug]/snippets/route";
import { POST as createProjectRoute } from "@/app/api/projects/route";
import { POST as controlRun } from "@/app/api/runs/[runId]/route";
import { getDb } from "@/lib/db/client";
import { createEndpointProfile } from "@/lib/llm/profiles";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { LLM_ROLES } from "@/lib/model-roles";
import { UPLOAD_MAX_BYTES } from "@/lib/projects/config-types";
import { signedInUser } from "@/lib/testing/accounts";

/** The projects screen's routes over real HTTP requests and a real database, as a curator who is not an admin. */

let cookie = "";
let server: RunningModelServer;
const base = "http://studio.test";
const headers = () => ({ cookie, origin: base, host: "studio.test" });
type Handler<P> = (request: Request, extra: { params: Promise<P> }) => Promise<Response>;

async function call<P>(handle: Handler<P>, method: string, url: string, params: P, body?: unknown) {
  const init: RequestInit = { method, headers: { ...headers(), "content-type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await handle(new Request(base + url, init), { params: Promise.resolve(params) });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

beforeAll(async () => {
  server = await startModelServer({ port: 0, seed: 1, ttftMs: 1, tokensPerSecond: 50_000 });
  const db = getDb();
  // A curator of some other project: may create projects, and becomes the new one's curator.
  const other = await db.project.create({ data: { slug: "elsewhere", name: "elsewhere", languages: [], settings: {} } });
  ({ cookie } = await signedInUser(db, { email: "cur@screen.test", project: { id: other.id, role: "CURATOR" } }));
});
afterAll(async () => {
  await server?.close();
  await getDb().$disconnect();
});

describe("the projects screen's routes", () => {
  it("creates a project, refuses a taken slug, and makes its creator its curator", async () => {
    expect((await call(createProjectRoute, "POST", "/api/projects", {}, { name: "Screen", slug: "Bad Slug" })).status).toBe(400);
    const created = await call(
      createProjectRoute,
      "POST",
      "/api/projects",
      {},
      { name: "Screen", slug: "screen", languages: ["python", "rust"] },
    );
    expect(created).toMatchObject({ status: 201, body: { slug: "screen", languages: ["python", "rust"] } });
    expect(await call(createProjectRoute, "POST", "/api/projects", {}, { name: "Again", slug: "screen" })).toMatchObject({
      status: 409,
      body: { error: { message: 'A project with the slug "screen" exists already; choose another.' } },
    });
    const member = await getDb().projectMember.findFirst({
      where: { projectId: created.body.id as string, user: { email: "cur@screen.test" } },
    });
    expect(member?.role).toBe("CURATOR");
    expect(await getDb().auditEvent.findFirst({ where: { action: "project.create", targetId: created.body.id as string } })).toMatchObject({
      actorLabel: "cur@screen.test",
    });
  });

  it("validates protocol settings with the runs' schema, naming each bad field, and stores good ones", async () => {
    const bad = await call(
      patchSettings,
      "PATCH",
      "/api/projects/screen/settings",
      { slug: "screen" },
      { settings: { memory: { capacity: 0 }, discussion: { targetPolicy: "sideways" } } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toMatch(/memory\.capacity: .*discussion\.targetPolicy: /);
    const good = await call(
      patchSettings,
      "PATCH",
      "/api/projects/screen/settings",
      { slug: "screen" },
      { languages: ["python"], settings: { memory: { capacity: 4 }, discussion: { debate: true } } },
    );
    expect(good).toMatchObject({
      status: 200,
      body: {
        languages: ["python"],
        storedSettings: { memory: { capacity: 4 }, discussion: { debate: true } },
        settings: { memory: { capacity: 4, similarityThreshold: 0.6 } },
      },
    });
    expect((await call(getSettings, "GET", "/api/projects/screen/settings", { slug: "screen" })).body).toMatchObject({
      settings: { discussion: { debate: true, groupSize: 3 } },
    });
    expect(await getDb().auditEvent.findFirst({ where: { action: "project.settings" } })).toMatchObject({
      after: { languages: ["python"] },
    });
  });

  it("sets a preset under the project's own values, refuses an unknown one by name, and audits the change", async () => {
    const path = "/api/projects/screen/settings";
    const bad = await call(patchSettings, "PATCH", path, { slug: "screen" }, { settings: { preset: "paper" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toContain('preset: unknown preset "paper"; the presets are rosetta-default, xcoder-paper, fast-draft');
    const before = (await call(getSettings, "GET", path, { slug: "screen" })).body.storedSettings as Record<string, unknown>;
    const good = await call(patchSettings, "PATCH", path, { slug: "screen" }, { settings: { ...before, preset: "xcoder-paper" } });
    // The project's own debate = true stays over the preset's false; the preset's values fill the rest.
    expect(good).toMatchObject({
      status: 200,
      body: { settings: { preset: "xcoder-paper", discussion: { debate: true, rounds: 3 }, dpo: { samples: 128 } } },
    });
    const audit = await getDb().auditEvent.findFirst({ where: { action: "project.settings" }, orderBy: { createdAt: "desc" } });
    expect(audit).toMatchObject({
      before: { settings: { discussion: { debate: true } } },
      after: { settings: { preset: "xcoder-paper" } },
    });
    expect((audit!.before as { settings: Record<string, unknown> }).settings.preset).toBeUndefined();
  });

  it("binds roles, tests a connection with its latency, and reports a dead endpoint's exact error", async () => {
    const db = getDb();
    const live = await createEndpointProfile({
      db,
      secretKey: undefined,
      input: { name: "screen-live", baseUrl: server.url, model: "rosetta-scripted" },
    });
    const dead = await createEndpointProfile({
      db,
      secretKey: undefined,
      input: { name: "screen-dead", baseUrl: "http://127.0.0.1:9/v1", model: "x" },
    });
    expect(
      (
        await call(
          putBindings,
          "PUT",
          "/api/projects/screen/bindings",
          { slug: "screen" },
          { bindings: { agent: "00000000-0000-7000-8000-000000000000" } },
        )
      ).status,
    ).toBe(400);
    const bound = await call(
      putBindings,
      "PUT",
      "/api/projects/screen/bindings",
      { slug: "screen" },
      { bindings: Object.fromEntries(LLM_ROLES.map((role) => [role, live.id])) },
    );
    expect(bound.body.bindings).toEqual(Object.fromEntries(LLM_ROLES.map((role) => [role, live.id])));
    const ok = await call(testEndpoint, "POST", `/api/endpoints/${live.id}/test`, { id: live.id });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, modelListed: true, latencyMs: expect.any(Number) } });
    const failed = await call(testEndpoint, "POST", `/api/endpoints/${dead.id}/test`, { id: dead.id });
    expect(failed).toMatchObject({ status: 200, body: { ok: false, step: "list-models", error: expect.stringContaining("screen-dead") } });
    expect((await call(testEndpoint, "POST", "/api/endpoints/nope/test", { id: "nope" })).status).toBe(404);
  });

  it("uploads files with a result per file, and refuses an upload over the cap with a 413", async () => {
    const form = new FormData();
    form.append("files", new File(["def double(x):\n    return 2 * x\n"], "double.py"));
    form.append("files", new File(["def double(x):\n    return 2 * x\n"], "again.py"));
    form.append("files", new File(["fn main() {}\n"], "main.rs"));
    const upload = await uploadSnippets(
      new Request(`${base}/api/projects/screen/snippets`, { method: "POST", headers: headers(), body: form }),
      { params: Promise.resolve({ slug: "screen" }) },
    );
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({
      imported: 1,
      files: [
        { file: "double.py", imported: 1, duplicates: 0 },
        { file: "again.py", imported: 0, duplicates: 1 },
        { file: "main.rs", imported: 0, skipped: [{ reason: "language-not-in-project", count: 1 }] },
      ],
    });
    const big = new FormData();
    big.append("files", new File([new Uint8Array(UPLOAD_MAX_BYTES + 1024)], "huge.jsonl"));
    const tooBig = await uploadSnippets(
      new Request(`${base}/api/projects/screen/snippets`, { method: "POST", headers: headers(), body: big }),
      { params: Promise.resolve({ slug: "screen" }) },
    );
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("The upload is over 32 MB") },
    });
  });

  it("starts a run, pauses, resumes and cancels it, each change conditional and audited", async () => {
    const db = getDb();
    const unbound = await call(createProjectRoute, "POST", "/api/projects", {}, { name: "Unbound", slug: "unbound" });
    expect(unbound.status).toBe(201);
    expect(await call(startRunRoute, "POST", "/api/projects/unbound/runs", { slug: "unbound" }, { stages: ["SEED"] })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining("has no model endpoint for: instruction_generator") } },
    });
    expect((await call(startRunRoute, "POST", "/api/projects/screen/runs", { slug: "screen" }, { stages: ["NOPE"] })).status).toBe(400);
    const started = await call(
      startRunRoute,
      "POST",
      "/api/projects/screen/runs",
      { slug: "screen" },
      { stages: ["SEED", "AGENTS"], limit: 1 },
    );
    expect(started.status).toBe(201);
    const runId = started.body.id as string;
    // No worker here: the run stays where the controls put it.
    expect(await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "resume" })).toMatchObject({
      status: 409,
      body: { error: { message: "The run is running; only a paused run can be resumed." } },
    });
    expect(await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "pause" })).toMatchObject({
      status: 200,
      body: { from: "RUNNING", to: "PAUSED" },
    });
    expect((await call(listRuns, "GET", "/api/projects/screen/runs", { slug: "screen" })).body).toMatchObject({
      items: [{ id: runId, status: "PAUSED", stages: ["SEED", "AGENTS"] }],
    });
    expect(await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "resume" })).toMatchObject({
      status: 200,
      body: { to: "RUNNING" },
    });
    expect(await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "cancel" })).toMatchObject({
      status: 200,
      body: { to: "CANCELLED" },
    });
    expect((await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "pause" })).status).toBe(409);
    expect((await call(controlRun, "POST", `/api/runs/${runId}`, { runId }, { action: "explode" })).status).toBe(400);
    const audit = await db.auditEvent.findMany({ where: { targetId: runId }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["run.start", "run.pause", "run.resume", "run.cancel"]);
    expect(audit[3]).toMatchObject({ before: { status: "RUNNING" }, after: { status: "CANCELLED" }, actorLabel: "cur@screen.test" });
  });
});
