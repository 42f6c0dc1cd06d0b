import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/audit/route";
import { recordAudit } from "@/lib/auth/accounts";
import { AuditPage } from "@/lib/auth/audit-types";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";

let cookie = "";
const get = async (query: string) => {
  const response = await GET(new Request(`http://studio.test/api/audit${query}`, { headers: { cookie } }), { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("GET /api/audit", () => {
  beforeAll(async () => {
    const db = getDb();
    const admin = await signedInUser(db, { email: "root@audit.test", admin: true });
    cookie = admin.cookie;
    const principal = { kind: "user" as const, userId: admin.userId, email: admin.email, admin: true, projectRoles: {} };
    for (let i = 0; i < 5; i++)
      await recordAudit(db, {
        principal,
        action: i % 2 ? "endpoint.update" : "user.create",
        targetType: i % 2 ? "endpoint_profile" : "user",
        targetId: `t${i}`,
      });
    await recordAudit(db, {
      principal: { kind: "anonymous" },
      actorLabel: "rosetta CLI (root@box)",
      action: "token.create",
      targetType: "api_token",
    });
  });
  afterAll(() => getDb().$disconnect());

  it("pages through the log newest first and filters by actor and action", async () => {
    const first = AuditPage.parse((await get("?limit=4")).body);
    expect(first.items.map((e) => e.action)).toEqual(["token.create", "user.create", "endpoint.update", "user.create"]);
    const rest = AuditPage.parse((await get(`?limit=4&cursor=${first.nextCursor}`)).body);
    expect(rest.items.map((e) => e.targetId)).toEqual(["t1", "t0"]);
    expect(rest.nextCursor).toBeNull();
    expect(AuditPage.parse((await get("?action=endpoint.")).body).items.map((e) => e.targetId)).toEqual(["t3", "t1"]);
    expect(AuditPage.parse((await get("?actor=cli")).body).items.map((e) => e.actor)).toEqual(["rosetta CLI (root@box)"]);
    expect(await get("?since=yesterday")).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("since") } } });
  });

  it("filters by a time range and by target type", async () => {
    // Days apart, so the range's edges are certain: d0 on the 1st … d4 on the 5th of January (rows are immutable: made so).
    for (let i = 0; i < 5; i++)
      await getDb().auditEvent.create({
        data: {
          actorLabel: "clock",
          action: "range.test",
          targetType: "range_test",
          targetId: `d${i}`,
          createdAt: new Date(Date.UTC(2026, 0, i + 1, 12)),
        },
      });
    const ids = async (query: string) => AuditPage.parse((await get(query)).body).items.map((e) => e.targetId);
    expect(await ids("?targetType=range_test&until=2026-01-03T23:59:59.999Z")).toEqual(["d2", "d1", "d0"]);
    expect(await ids("?targetType=range_test&since=2026-01-03T00:00:00.000Z&until=2026-01-04T23:59:59.999Z")).toEqual(["d3", "d2"]);
    expect(AuditPage.parse((await get("?targetType=api_token")).body).items.map((e) => e.action)).toEqual(["token.create"]);
    expect(await get("?until=tomorrow")).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("until") } } });
  });
});
