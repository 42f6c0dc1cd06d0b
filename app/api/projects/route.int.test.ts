import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { ProjectPage } from "@/lib/projects/types";

const get = async (query = "") => {
  const response = await GET(new Request(`http://studio.test/api/projects${query}`));
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("GET /api/projects", () => {
  beforeAll(async () => {
    // Created one by one so their time-ordered ids follow creation order.
    for (let i = 1; i <= 5; i++) await getDb().project.create({ data: { slug: `p${i}`, name: `Project ${i}`, languages: ["go"], settings: {} } });
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

  it("answers a bad query with a 400 that names the parameter", async () => {
    const { status, body } = await get("?limit=1000");
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: "BAD_REQUEST", message: expect.stringContaining("limit") } });
    expect((await get("?cursor=42")).status).toBe(400);
  });
});
