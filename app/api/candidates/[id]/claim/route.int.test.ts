import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE, POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST as decide } from "@/app/api/candidates/[id]/decision/route";
import { POST as revise } from "@/app/api/candidates/[id]/revisions/route";
import { GET as queue } from "@/app/api/projects/[slug]/candidates/route";
import { getDb } from "@/lib/db/client";
import { CLAIM_SECONDS } from "@/lib/review/claims";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const cookies: Record<"ann" | "bob", string> = { ann: "", bob: "" };
let projectId = "";

type Handler = (request: Request, extra: { params: Promise<{ id: string; slug: string }> }) => Promise<Response>;
async function call(
  handler: Handler,
  who: keyof typeof cookies,
  id: string,
  { method = "POST", body, query = "" }: { method?: string; body?: unknown; query?: string } = {},
) {
  const headers = { cookie: cookies[who], origin: "http://studio.test", host: "studio.test", "content-type": "application/json" };
  const request = new Request(`http://studio.test/api/x${query}`, {
    method,
    headers,
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const response = await handler(request, { params: Promise.resolve({ id, slug: "claims" }) });
  return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const newCandidate = () => createCandidate(getDb(), projectId);

/** Ends a claim now, as ten minutes without a renewal would (no waiting in tests). */
const expire = (id: string) =>
  getDb().$executeRaw`update candidates set claim_expires_at = now() - interval '1 second' where id = ${id}::uuid`;

describe("claims on review items", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug: "claims", name: "claims", languages: [], settings: {} } })).id;
    for (const who of ["ann", "bob"] as const) {
      cookies[who] = (await signedInUser(db, { email: `${who}@claims.test`, project: { id: projectId, role: "ANNOTATOR" } })).cookie;
    }
  });
  afterAll(() => getDb().$disconnect());

  it("gives an item to exactly one of two reviewers racing for it; the other is told who has it and until when", async () => {
    const { id } = await newCandidate();
    const [a, b] = await Promise.all([call(claim, "ann", id), call(claim, "bob", id)]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [winner, loser] = a.status === 200 ? ["ann", b] : ["bob", a];
    expect(loser.body.error.message).toMatch(
      new RegExp(`^${winner}@claims\\.test is reviewing this item \\(claimed until \\d\\d:\\d\\d:\\d\\d UTC\\)`),
    );
    const row = await getDb().candidate.findUniqueOrThrow({ where: { id }, include: { claimedBy: true } });
    expect(row.claimedBy?.email).toBe(`${winner}@claims.test`);
    expect(await getDb().auditEvent.count({ where: { targetId: id, action: "candidate.claim" } })).toBe(1);
  });

  it("renews the holder's own claim, and lets another take it once it has expired", async () => {
    const { id } = await newCandidate();
    const first = await call(claim, "ann", id);
    expect(first).toMatchObject({ status: 200, body: { claimedBy: "ann@claims.test", renewed: false } });
    const lifetime = new Date(first.body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan((CLAIM_SECONDS - 60) * 1000);
    expect(lifetime).toBeLessThanOrEqual(CLAIM_SECONDS * 1000 + 5000);
    await getDb().$executeRaw`update candidates set claim_expires_at = now() + interval '5 seconds' where id = ${id}::uuid`;
    const renewed = await call(claim, "ann", id);
    expect(renewed).toMatchObject({ status: 200, body: { renewed: true } });
    expect(new Date(renewed.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 60_000);
    // A renewal is not a new claim in the audit log.
    expect(await getDb().auditEvent.count({ where: { targetId: id, action: "candidate.claim" } })).toBe(1);

    expect((await call(claim, "bob", id)).status).toBe(409);
    await expire(id);
    expect(await call(claim, "bob", id)).toMatchObject({ status: 200, body: { claimedBy: "bob@claims.test", renewed: false } });
    // Ann's expired claim is gone: she is now the one refused.
    expect((await call(claim, "ann", id)).status).toBe(409);
  });

  it("refuses an edit or a decision by anyone but the claimer (409), and an expired claim blocks nobody", async () => {
    const { id, revisionId } = await newCandidate();
    await call(claim, "ann", id);
    const edit = {
      parentRevisionId: revisionId,
      instruction: "Add one to x.",
      solution: "def inc(x):\n    return 1 + x",
      tests: "assert inc(2) == 3",
    };
    const refusedEdit = await call(revise, "bob", id, { body: edit });
    expect(refusedEdit).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT", message: expect.stringContaining("ann@claims.test is reviewing this item") } },
    });
    expect(refusedEdit.body.error.message).toContain("you cannot edit it");
    const refusedDecision = await call(decide, "bob", id, { body: { decision: "reject", revisionId, comment: "no" } });
    expect(refusedDecision).toMatchObject({ status: 409, body: { error: { message: expect.stringContaining("you cannot reject it") } } });
    const db = getDb();
    expect(await db.revision.count({ where: { candidateId: id } })).toBe(1);
    expect(await db.review.count({ where: { candidateId: id } })).toBe(0);

    // The claimer may: her edit is saved.
    const saved = await call(revise, "ann", id, { body: edit });
    expect(saved).toMatchObject({ status: 201, body: { number: 2 } });
    // Once her claim expires, Bob's decision (on the revision she saved) goes through.
    await expire(id);
    expect(
      await call(decide, "bob", id, { body: { decision: "reject", revisionId: saved.body.id, comment: "still wrong" } }),
    ).toMatchObject({ status: 201 });
    expect((await db.candidate.findUniqueOrThrow({ where: { id } })).reviewStatus).toBe("REJECTED");
  });

  it("releases on leaving and on deciding, and only the holder's own claim", async () => {
    const { id, revisionId } = await newCandidate();
    await call(claim, "ann", id);
    expect(await call(DELETE, "bob", id, { method: "DELETE" })).toMatchObject({ status: 200, body: { released: false } });
    expect(await call(DELETE, "ann", id, { method: "DELETE" })).toMatchObject({ status: 200, body: { released: true } });
    expect(await getDb().auditEvent.count({ where: { targetId: id, action: "candidate.release" } })).toBe(1);
    expect(await call(claim, "bob", id)).toMatchObject({ status: 200 });
    expect(await call(decide, "bob", id, { body: { decision: "accept", revisionId } })).toMatchObject({ status: 201 });
    expect(await getDb().candidate.findUniqueOrThrow({ where: { id } })).toMatchObject({
      reviewStatus: "ACCEPTED",
      claimedById: null,
      claimExpiresAt: null,
    });
  });

  it("shows claims in the queue and can leave out the items others hold", async () => {
    await getDb().candidate.updateMany({ where: { projectId }, data: { claimedById: null, claimExpiresAt: null } });
    const mine = await newCandidate();
    const theirs = await newCandidate();
    const free = await newCandidate();
    await call(claim, "ann", mine.id);
    await call(claim, "bob", theirs.id);
    const all = await call(queue as Handler, "ann", "", { method: "GET", query: "?limit=100" });
    const byId = new Map((all.body.items as { id: string; claim: unknown }[]).map((item) => [item.id, item.claim]));
    expect(byId.get(mine.id)).toMatchObject({ by: "ann@claims.test", mine: true });
    expect(byId.get(theirs.id)).toMatchObject({ by: "bob@claims.test", mine: false });
    expect(byId.get(free.id)).toBeNull();
    const visible = await call(queue as Handler, "ann", "", { method: "GET", query: "?limit=100&hideClaimed=others" });
    const ids = (visible.body.items as { id: string }[]).map((item) => item.id);
    expect(ids).toContain(mine.id);
    expect(ids).toContain(free.id);
    expect(ids).not.toContain(theirs.id);
    await expire(theirs.id);
    const after = await call(queue as Handler, "ann", "", { method: "GET", query: "?limit=100&hideClaimed=others" });
    expect((after.body.items as { id: string }[]).map((item) => item.id)).toContain(theirs.id);
  });
});
