import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/projects/route";
import { createApiToken, createUser } from "@/lib/auth/accounts";
import { getDb } from "@/lib/db/client";
import { ProjectPage } from "@/lib/projects/types";
import { signedInUser } from "@/lib/testing/accounts";

let adminCookie = "";
const call = async (query: string, headers: Record<string, string>) => {
  const response = await GET(new Request(`http://studio.test/api/projects${query}`, { headers }), { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as unknown };
};
const get = (query = "") => call(query, { cookie: adminCookie });

describe("GET /api/projects", () => {
  beforeAll(async () => {
    // Created one by one so their time-ordered ids follow creation order.
    for (let i = 1; i <= 5; i++)
      await getDb().project.create({ data: { slug: `p${i}`, name: `Project ${i}`, languages: ["go"], settings: {} } });
    adminCookie = (await signedInUser(getDb(), { email: "admin@example.com", admin: true })).cookie;
  });
  afterAll(() => getDb().$disconnect());

  it("lists projects newest first, a page at a time, to the end", async () => {
    const first = ProjectPage.parse((await get("?limit=2")).body);
    expect(first.items.map((p) => p.slug)).toEqual(["p5", "p4"]);
    const second = ProjectPage.parse((await get(`?limit=2&cursor=${first.nextCursor}`)).body);
    expect(second.items.map((p) => p.slug)).toEqual(["p3", "p2"]);
    const last = ProjectPage.parse((await get(`?limit=2&cursor=${second.nextCursor}`)).body);
    expect(last.items.map((p) => p.slug)).toEqual(["p1"]);
    expect(last.nextCursor).toBeNull();
  });

  it("is for signed-in people only, and shows a member only their projects (by session or API token)", async () => {
    expect(await call("", {})).toMatchObject({ status: 401, body: { error: { code: "UNAUTHORIZED", message: "Sign in to continue." } } });
    expect((await call("", { cookie: "rosetta_session=forged" })).status).toBe(401);
    const db = getDb();
    const member = await createUser(db, { email: "member@example.com", password: "a long enough password" });
    const p3 = await db.project.findUniqueOrThrow({ where: { slug: "p3" } });
    await db.projectMember.create({ data: { projectId: p3.id, userId: member.id, role: "VIEWER" } });
    const { token } = await createApiToken(db, { userId: member.id, name: "t", role: "viewer" });
    const viaToken = await call("", { authorization: `Bearer ${token}` });
    expect(ProjectPage.parse(viaToken.body).items.map((p) => p.slug)).toEqual(["p3"]);
  });

  it("answers a bad query with a 400 that names the parameter", async () => {
    const { status, body } = await get("?limit=1000");
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringContaining("limit") } });
    expect((await get("?cursor=42")).status).toBe(400);
  });
});
