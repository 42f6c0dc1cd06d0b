import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST as decide } from "@/app/api/candidates/[id]/decision/route";
import { POST as reopen } from "@/app/api/candidates/[id]/reopen/route";
import { GET as queue } from "@/app/api/projects/[slug]/candidates/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const cookies: Record<"ann" | "bob" | "vic", string> = { ann: "", bob: "", vic: "" };
let projectId = "";

type Handler = (request: Request, extra: { params: Promise<{ id: string; slug: string }> }) => Promise<Response>;
async function call(
  handler: Handler,
  who: keyof typeof cookies,
  id: string,
  { method = "POST", body = {}, query = "" }: { method?: string; body?: unknown; query?: string } = {},
) {
  const headers = { cookie: cookies[who], origin: "http://studio.test", host: "studio.test", "content-type": "application/json" };
  const request = new Request(`http://studio.test/api/x${query}`, {
    method,
    headers,
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve({ id, slug: "reopen" }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function decidedCandidate(): Promise<{ id: string; revisionId: string }> {
  const candidate = await createCandidate(getDb(), projectId, { solution: "s", tests: "t" });
  expect(
    (await call(decide, "ann", candidate.id, { body: { decision: "accept", revisionId: candidate.revisionId, comment: "fine" } })).status,
  ).toBe(201);
  return candidate;
}

describe("POST /api/candidates/:id/reopen", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug: "reopen", name: "reopen", languages: [], settings: {} } })).id;
    for (const [who, role] of [
      ["ann", "ANNOTATOR"],
      ["bob", "ANNOTATOR"],
      ["vic", "VIEWER"],
    ] as const) {
      cookies[who] = (await signedInUser(db, { email: `${who}@reopen.test`, project: { id: projectId, role } })).cookie;
    }
  });
  afterAll(() => getDb().$disconnect());

  it("takes a decision back with a reason, audited: the item is pending in the queue again and decidable; the old decision is kept", async () => {
    const { id, revisionId } = await decidedCandidate();
    const db = getDb();
    const original = await db.review.findFirstOrThrow({ where: { candidateId: id } });

    const reopened = await call(reopen, "bob", id, { body: { reason: "  the tests miss negative numbers  " } });
    expect(reopened.status).toBe(201);
    expect(await db.candidate.findUniqueOrThrow({ where: { id } })).toMatchObject({ reviewStatus: "PENDING" });
    expect(await db.reviewReopening.findMany({ where: { candidateId: id } })).toEqual([
      expect.objectContaining({ id: reopened.body.id, reviewId: original.id, reason: "the tests miss negative numbers" }),
    ]);
    expect(await db.auditEvent.findFirst({ where: { targetId: id, action: "candidate.reopen" } })).toMatchObject({
      actorLabel: "bob@reopen.test",
      before: { reviewStatus: "ACCEPTED", reviewId: original.id, decidedBy: "ann@reopen.test" },
      after: { reviewStatus: "PENDING", reason: "the tests miss negative numbers" },
    });
    const pending = await call(queue as Handler, "ann", "", { method: "GET", query: "?review=PENDING&limit=100" });
    expect((pending.body.items as { id: string }[]).map((item) => item.id)).toContain(id);

    // Decidable again, and this time the other way; both decisions are in its history, the first unchanged.
    expect((await call(decide, "bob", id, { body: { decision: "reject", revisionId, comment: "misses negatives" } })).status).toBe(201);
    expect(await db.candidate.findUniqueOrThrow({ where: { id } })).toMatchObject({ reviewStatus: "REJECTED" });
    const history = await db.review.findMany({ where: { candidateId: id }, orderBy: { createdAt: "asc" }, include: { reopening: true } });
    expect(history).toEqual([
      { ...original, reopening: expect.objectContaining({ reason: "the tests miss negative numbers" }) },
      expect.objectContaining({ decision: "REJECT", comment: "misses negatives", reopening: null }),
    ]);
    // A later decision is refused naming the standing one (bob's), not the reopened one.
    expect((await call(decide, "ann", id, { body: { decision: "accept", revisionId } })).body.error.message).toMatch(
      /^bob@reopen\.test rejected this item at /,
    );
  });

  it("refuses to reopen an item that is not decided, naming the last reopening", async () => {
    const { id } = await decidedCandidate();
    expect((await call(reopen, "ann", id, { body: { reason: "second look" } })).status).toBe(201);
    const again = await call(reopen, "bob", id, { body: { reason: "me too" } });
    expect(again).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "CONFLICT",
          message: expect.stringMatching(
            /^This item is not decided \(ann@reopen\.test reopened it at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\), so there is nothing to reopen\.$/,
          ),
        },
      },
    });
    expect(await getDb().reviewReopening.count({ where: { candidateId: id } })).toBe(1);
  });

  it("of two simultaneous reopenings, exactly one is recorded", async () => {
    const { id } = await decidedCandidate();
    const results = await Promise.all([
      call(reopen, "ann", id, { body: { reason: "a" } }),
      call(reopen, "bob", id, { body: { reason: "b" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await getDb().reviewReopening.count({ where: { candidateId: id } })).toBe(1);
    expect(await getDb().auditEvent.count({ where: { targetId: id, action: "candidate.reopen" } })).toBe(1);
  });

  it("is gated like deciding: a viewer is refused, a reason is required, another reviewer's live claim blocks it", async () => {
    const { id } = await decidedCandidate();
    expect(await call(reopen, "vic", id, { body: { reason: "why not" } })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    expect(await call(reopen, "ann", id, { body: { reason: "   " } })).toMatchObject({
      status: 400,
      body: { error: { message: "Invalid reopening: reason: give a reason for reopening" } },
    });
    expect(await call(reopen, "ann", id, { body: {} })).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    expect((await call(claim, "bob", id)).status).toBe(200);
    const refused = await call(reopen, "ann", id, { body: { reason: "second look" } });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/^bob@reopen\.test is reviewing this item .*you cannot reopen it/) } },
    });
    expect(await getDb().candidate.findUniqueOrThrow({ where: { id } })).toMatchObject({ reviewStatus: "ACCEPTED" });
    expect((await call(reopen, "bob", id, { body: { reason: "my own look" } })).status).toBe(201);
    expect((await call(reopen, "ann", "00000000-0000-7000-8000-000000000000", { body: { reason: "x" } })).status).toBe(404);
  });
});
