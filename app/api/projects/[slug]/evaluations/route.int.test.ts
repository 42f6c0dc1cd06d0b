import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as CANCEL } from "@/app/api/projects/[slug]/evaluations/[id]/cancel/route";
import { GET as RESULTS } from "@/app/api/projects/[slug]/evaluations/[id]/results/route";
import { GET as GET_ONE, PATCH } from "@/app/api/projects/[slug]/evaluations/[id]/route";
import { GET as COMPARE } from "@/app/api/projects/[slug]/evaluations/compare/route";
import { GET, POST } from "@/app/api/projects/[slug]/evaluations/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { insertEvalRun } from "@/lib/testing/evaluations";
import { routeCaller } from "@/lib/testing/route-call";

/** The studio's evaluations API over real requests and a real database: start, list, read, relabel, cancel, browse answers, compare. */

const slug = "evals";
const url = `/api/projects/${slug}/evaluations`;
const cookies = { curator: "", viewer: "" };
const call = routeCaller(() => cookies.curator);
const ids = { project: "", profile: "", version: "", otherVersion: "", base: "", tuned: "", running: "" };

beforeAll(async () => {
  const db = getDb();
  ids.project = (await db.project.create({ data: { slug, name: slug, languages: ["python", "go"], settings: {} } })).id;
  const other = await db.project.create({ data: { slug: "evals-other", name: "other", languages: [], settings: {} } });
  for (const role of ["curator", "viewer"] as const)
    cookies[role] = (
      await signedInUser(db, {
        email: `${role}@evals.test`,
        project: { id: ids.project, role: role.toUpperCase() as "CURATOR" | "VIEWER" },
      })
    ).cookie;
  ids.profile = (
    await db.endpointProfile.create({ data: { name: "tuned-endpoint", baseUrl: "http://127.0.0.1:9/v1", model: "coder-7b" } })
  ).id;
  const version = (projectId: string, tag: string) => db.datasetVersion.create({ data: { projectId, tag, filters: {}, provenance: {} } });
  ids.version = (await version(ids.project, "v1")).id;
  ids.otherVersion = (await version(other.id, "v1")).id;
  ids.base = await insertEvalRun(db, {
    projectId: ids.project,
    label: "base",
    answers: { "python/HumanEval/0": ["PASS"], "python/HumanEval/1": ["FAIL"], "python/HumanEval/2": ["PASS"], "go/HumanEval/0": ["FAIL"] },
    summary: {
      python: { problems: 3, samples: 3, passed: 2, excluded: 0, "pass@1": 2 / 3 },
      go: { problems: 1, samples: 1, passed: 0, excluded: 0, "pass@1": 0 },
    },
  });
  ids.tuned = await insertEvalRun(db, {
    projectId: ids.project,
    label: "tuned",
    answers: { "python/HumanEval/0": ["FAIL"], "python/HumanEval/1": ["PASS"], "python/HumanEval/2": ["PASS"], "go/HumanEval/0": ["PASS"] },
    summary: {
      python: { problems: 3, samples: 3, passed: 2, excluded: 0, "pass@1": 2 / 3 },
      go: { problems: 1, samples: 1, passed: 1, excluded: 0, "pass@1": 1 },
    },
  });
  ids.running = await insertEvalRun(db, {
    projectId: ids.project,
    label: "live",
    status: "RUNNING",
    total: 10,
    answers: { "python/HumanEval/0": ["PASS", "FAIL"], "python/HumanEval/1": ["TIMEOUT", "PASS"], "go/HumanEval/0": ["NO_CODE"] },
  });
});
afterAll(() => getDb().$disconnect());

const audited = (action: string) => getDb().auditEvent.findMany({ where: { projectId: ids.project, action }, orderBy: { id: "asc" } });

describe("the evaluations API", () => {
  it("starts an evaluation of a stored profile (curators only, audited) and refuses bad input by name", async () => {
    const body = {
      endpointProfileId: ids.profile,
      suite: "humaneval",
      languages: ["python", "go"],
      limit: 2,
      label: "sft v1",
      datasetVersionId: ids.version,
    };
    expect((await call(POST, "POST", url, { slug }, body, cookies.viewer)).status).toBe(403);
    const started = await call(POST, "POST", url, { slug }, body);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    expect(started.body).toMatchObject({ label: "sft v1", model: "coder-7b", suite: "humaneval", suiteName: "HumanEval", problemLimit: 2 });
    expect(started.body).toMatchObject({ endpointProfile: { name: "tuned-endpoint" }, datasetVersion: { tag: "v1" }, status: "QUEUED" });
    expect((await audited("evaluation.start")).map((e) => e.targetId)).toEqual([started.body.id]);

    const refused = async (change: Record<string, unknown>) => (await call(POST, "POST", url, { slug }, { ...body, ...change })).body.error;
    expect(await refused({ suite: "apps" })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining('Unknown suite "apps"'),
    });
    expect(await refused({ languages: ["rust"] })).toMatchObject({ message: expect.stringMatching(/HumanEval has no rust problems/) });
    expect(await refused({ endpointProfileId: ids.version })).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("endpoint profile"),
    });
    expect(await refused({ endpointProfileId: undefined })).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("endpoint profile"),
    });
    expect(await refused({ datasetVersionId: ids.otherVersion })).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining("dataset version"),
    });
    expect(await refused({ samples: 0 })).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("samples") });
  });

  it("lists runs with pass@1 per language (the summary once settled, the answers so far while running) and the suites to choose from", async () => {
    const list = await call(GET, "GET", url, { slug }, undefined, cookies.viewer);
    expect(list.status).toBe(200);
    const items = list.body.items as {
      id: string;
      perLanguage: { language: string; pass1: number | null; final: boolean; settled: number }[];
    }[];
    expect(items.find((r) => r.id === ids.tuned)!.perLanguage).toContainEqual(
      expect.objectContaining({ language: "go", pass1: 1, final: true }),
    );
    const live = (await call(GET_ONE, "GET", `${url}/${ids.running}`, { slug, id: ids.running }, undefined, cookies.viewer)).body;
    expect(live).toMatchObject({ status: "RUNNING", total: 10, done: 5 });
    expect(live.perLanguage).toEqual(
      expect.arrayContaining([expect.objectContaining({ language: "python", settled: 4, passed: 2, pass1: 0.5, final: false })]),
    );
    const suites = list.body.suites as { id: string; languages: string[] }[];
    expect(suites.find((s) => s.id === "mbxp")!.languages).toEqual(expect.arrayContaining(["python", "go", "javascript"]));
    expect(suites.find((s) => s.id === "humaneval-x")!.languages).toContain("rust");
    const missing = "00000000-0000-7000-8000-000000000000";
    expect((await call(GET_ONE, "GET", `${url}/${missing}`, { slug, id: missing })).status).toBe(404);
  });

  it("relabels a run and links it to a dataset version of this project, audited with before and after", async () => {
    const patched = await call(
      PATCH,
      "PATCH",
      `${url}/${ids.tuned}`,
      { slug, id: ids.tuned },
      { label: "sft on v1", datasetVersionId: ids.version },
    );
    expect(patched.body).toMatchObject({ label: "sft on v1", datasetVersion: { id: ids.version, tag: "v1" } });
    const [event] = await audited("evaluation.update");
    expect(event).toMatchObject({
      targetId: ids.tuned,
      before: { label: "tuned", datasetVersion: null },
      after: { label: "sft on v1", datasetVersion: "v1" },
    });
    const other = await call(PATCH, "PATCH", `${url}/${ids.tuned}`, { slug, id: ids.tuned }, { datasetVersionId: ids.otherVersion });
    expect(other).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect((await call(PATCH, "PATCH", `${url}/${ids.tuned}`, { slug, id: ids.tuned }, {})).status).toBe(400);
    expect((await call(PATCH, "PATCH", `${url}/${ids.tuned}`, { slug, id: ids.tuned }, { label: "x" }, cookies.viewer)).status).toBe(403);
    const unlinked = await call(PATCH, "PATCH", `${url}/${ids.tuned}`, { slug, id: ids.tuned }, { datasetVersionId: null });
    expect(unlinked.body.datasetVersion).toBeNull();
  });

  it("cancels a running evaluation once; a finished one stays finished", async () => {
    const cancelled = await call(CANCEL, "POST", `${url}/${ids.running}/cancel`, { slug, id: ids.running });
    expect(cancelled.body).toMatchObject({ status: "CANCELLED" });
    expect((await call(CANCEL, "POST", `${url}/${ids.running}/cancel`, { slug, id: ids.running })).status).toBe(409);
    expect((await call(CANCEL, "POST", `${url}/${ids.base}/cancel`, { slug, id: ids.base })).body.error?.message).toMatch(
      /succeeded already/,
    );
    expect((await audited("evaluation.cancel")).map((e) => e.targetId)).toEqual([ids.running]);
  });

  it("pages through a run's answers by language and verdict, with the problem's statement", async () => {
    const page = (query: string) =>
      call(RESULTS, "GET", `${url}/${ids.base}/results?${query}`, { slug, id: ids.base }, undefined, cookies.viewer);
    const first = await page("language=python&limit=2");
    expect((first.body.items as { taskId: string }[]).map((r) => r.taskId)).toEqual(["HumanEval/0", "HumanEval/1"]);
    const second = await page(`language=python&limit=2&cursor=${first.body.nextCursor as string}`);
    expect(second.body).toMatchObject({ items: [{ taskId: "HumanEval/2", verdict: "PASS" }], nextCursor: null });
    const [failed] = (await page("verdict=FAIL")).body.items as { language: string; prompt: string; code: string; output: string }[];
    expect(failed).toMatchObject({ language: "go", code: "# HumanEval/0 sample 0", output: "AssertionError in HumanEval/0" });
    expect((first.body.items as { prompt: string }[])[0]!.prompt).toMatch(/closer to each other than/);
    expect((await page("verdict=MAYBE")).body.error).toMatchObject({ code: "BAD_REQUEST" });
    expect((await page("cursor=nonsense")).body.error?.message).toMatch(/Invalid cursor/);
    expect((await page("language=rust")).body.error?.message).toMatch(/no rust answers/);
  });

  it("compares runs per language (best per column marked) and lists the problems that flipped", async () => {
    const compared = await call(COMPARE, "GET", `${url}/compare?runs=${ids.base},${ids.tuned}`, { slug }, undefined, cookies.viewer);
    expect(compared.status, JSON.stringify(compared.body)).toBe(200);
    expect(compared.body.languages).toEqual(["go", "python"]);
    expect(compared.body.rows).toEqual([
      { runId: ids.base, scores: { go: 0, python: 2 / 3 }, average: 1 / 3 },
      { runId: ids.tuned, scores: { go: 1, python: 2 / 3 }, average: expect.closeTo(5 / 6) },
    ]);
    expect(compared.body.best).toEqual({ go: [ids.tuned], python: [ids.base, ids.tuned], average: [ids.tuned] });
    expect(compared.body.flips).toEqual({
      from: ids.base,
      to: ids.tuned,
      passToFail: 1,
      failToPass: 2,
      items: [
        { language: "python", taskId: "HumanEval/0", before: true, after: false },
        { language: "go", taskId: "HumanEval/0", before: false, after: true },
        { language: "python", taskId: "HumanEval/1", before: false, after: true },
      ],
    });
    const bad = (runs: string) => call(COMPARE, "GET", `${url}/compare?runs=${runs}`, { slug });
    expect((await bad(ids.base)).body.error?.message).toMatch(/two to six/);
    expect(await bad(`${ids.base},nope`)).toMatchObject({
      status: 404,
      body: { error: { message: "No evaluation nope in this project." } },
    });
  });
});
