import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE } from "@/app/api/projects/[slug]/benchmarks/[id]/route";
import { GET, POST } from "@/app/api/projects/[slug]/benchmarks/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { routeCaller } from "@/lib/testing/route-call";

/** A project's own benchmark files over real requests and a real database: upload, list, remove, and what a bad file gets. */

const slug = "bench-files";
const cookies = { curator: "", annotator: "" };
let projectId = "";
const call = routeCaller(() => cookies.curator);
const url = `/api/projects/${slug}/benchmarks`;

const FILE = [
  { task_id: "internal/0", prompt: "Return the sum of the squares of the odd numbers in a list.", canonical_solution: "def f(xs): ..." },
  { id: "internal/1", description: "Count the vowels in a string.", language: "go" },
  { id: 2, solution: "fn main() {}" },
]
  .map((line) => JSON.stringify(line))
  .join("\n");

const stored = async () => ({
  files: await getDb().benchmark.count({ where: { projectId } }),
  problems: await getDb().benchmarkProblem.count({ where: { benchmark: { projectId } } }),
});

function multipart(fields: Record<string, string>, file: { name: string; content: string }): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("file", new File([file.content], file.name, { type: "application/jsonl" }));
  return new Request(`http://studio.test${url}`, {
    method: "POST",
    headers: { cookie: cookies.curator, origin: "http://studio.test", host: "studio.test" },
    body: form,
  });
}

beforeAll(async () => {
  const db = getDb();
  projectId = (await db.project.create({ data: { slug, name: slug, languages: [], settings: {} } })).id;
  for (const role of ["curator", "annotator"] as const)
    cookies[role] = (
      await signedInUser(db, {
        email: `${role}@bench.test`,
        project: { id: projectId, role: role.toUpperCase() as "CURATOR" | "ANNOTATOR" },
      })
    ).cookie;
});
afterAll(() => getDb().$disconnect());

describe("a project's benchmark files", () => {
  it("uploads a JSONL file (JSON or multipart), lists it with the bundled ones, and removes it with its problems, each audited", async () => {
    const added = await call(POST, "POST", url, { slug }, { name: "internal-eval", fileName: "internal.jsonl", content: FILE });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ name: "internal-eval", fileName: "internal.jsonl", problemCount: 3 });
    const problems = await getDb().benchmarkProblem.findMany({
      where: { benchmarkId: added.body.id as string },
      orderBy: { taskId: "asc" },
    });
    expect(problems.map((p) => [p.taskId, p.language, Boolean(p.statement), Boolean(p.solution)])).toEqual([
      ["2", null, false, true],
      ["internal/0", null, true, true],
      ["internal/1", "go", true, false],
    ]);

    const response = await POST(multipart({}, { name: "team-set.jsonl", content: FILE }), { params: Promise.resolve({ slug }) });
    const second = (await response.json()) as { id: string; name: string; problemCount: number };
    expect(response.status).toBe(201);
    expect(second).toMatchObject({ name: "team-set", problemCount: 3 });

    const list = await call(GET, "GET", url, { slug }, undefined, cookies.annotator);
    expect(list.status).toBe(200);
    expect(list.body.bundled).toContainEqual({ name: "HumanEval", problems: 164 });
    expect((list.body.files as { name: string }[]).map((f) => f.name)).toEqual(["internal-eval", "team-set"]);

    const removed = await call(DELETE, "DELETE", `${url}/${second.id}`, { slug, id: second.id });
    expect(removed.status).toBe(200);
    expect(await stored()).toEqual({ files: 1, problems: 3 });
    expect((await call(DELETE, "DELETE", `${url}/${second.id}`, { slug, id: second.id })).status).toBe(404);

    const audit = await getDb().auditEvent.findMany({ where: { projectId, action: { startsWith: "benchmark." } }, orderBy: { id: "asc" } });
    expect(audit.map((event) => [event.action, event.targetId])).toEqual([
      ["benchmark.add", added.body.id],
      ["benchmark.add", second.id],
      ["benchmark.remove", second.id],
    ]);
  });

  it("refuses a bad file with a 400 naming the line, a taken name with a 409, and stores nothing", async () => {
    const before = await stored();
    const lines = FILE.split("\n");
    const notJson = await call(POST, "POST", url, { slug }, { name: "broken", content: [lines[0], lines[1], "{not json"].join("\n") });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: "BAD_REQUEST" });
    expect(notJson.body.error!.message).toMatch(/line 3/);
    const noId = await call(POST, "POST", url, { slug }, { name: "broken", content: `${lines[0]}\n{"prompt": "no id here"}` });
    expect(noId.status).toBe(400);
    expect(noId.body.error!.message).toMatch(/line 2/);
    const twice = await call(POST, "POST", url, { slug }, { name: "broken", content: `${lines[0]}\n${lines[0]}` });
    expect(twice.status).toBe(400);
    expect(twice.body.error!.message).toContain("internal/0");
    expect((await call(POST, "POST", url, { slug }, { name: "broken", content: "\n\n" })).status).toBe(400);
    expect((await call(POST, "POST", url, { slug }, { name: "bad/name", content: FILE })).body.error!.message).toContain("name");
    expect((await call(POST, "POST", url, { slug }, { name: "internal-eval", content: FILE })).status).toBe(409);
    const bundled = await call(POST, "POST", url, { slug }, { name: "humaneval", content: FILE });
    expect(bundled).toMatchObject({
      status: 409,
      body: { error: { message: '"humaneval" is a bundled benchmark already; give the file another name.' } },
    });
    expect(await stored()).toEqual(before);
  });

  it("lets curators change the files and everyone in the project read them", async () => {
    const refused = await call(POST, "POST", url, { slug }, { name: "mine", content: FILE }, cookies.annotator);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    const [file] = (await call(GET, "GET", url, { slug })).body.files as { id: string }[];
    expect((await call(DELETE, "DELETE", `${url}/${file!.id}`, { slug, id: file!.id }, undefined, cookies.annotator)).status).toBe(403);
  });
});
