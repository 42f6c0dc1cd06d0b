import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST } from "@/app/api/candidates/[id]/decision/route";
import { POST as revise } from "@/app/api/candidates/[id]/revisions/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const cookies: Record<"ann" | "bob", string> = { ann: "", bob: "" };
let projectId = "";

type Handler = (request: Request, extra: { params: Promise<{ id: string }> }) => Promise<Response>;
const call = async (handler: Handler, who: keyof typeof cookies, id: string, body: unknown = {}) => {
  const request = new Request(`http://studio.test/api/candidates/${id}/decision`, {
    method: "POST",
    headers: { cookie: cookies[who], origin: "http://studio.test", host: "studio.test", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await handler(request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as { id?: string; error?: { code: string; message: string } } };
};
const decide = (who: keyof typeof cookies, id: string, body: unknown) => call(POST, who, id, body);

const newCandidate = (verificationStatus: "PASS" | "FAIL" = "PASS") =>
  createCandidate(getDb(), projectId, { verificationStatus, instruction: "i", solution: "s", tests: "t" });

describe("POST /api/candidates/:id/decision", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug: "decide", name: "decide", languages: [], settings: {} } })).id;
    for (const who of ["ann", "bob"] as const)
      cookies[who] = (await signedInUser(db, { email: `${who}@decide.test`, project: { id: projectId, role: "ANNOTATOR" } })).cookie;
  });
  afterAll(() => getDb().$disconnect());

  it("asks for confirmation before accepting an item whose tests fail, then records that it was confirmed", async () => {
    const { id, revisionId } = await newCandidate("FAIL");
    expect(await decide("ann", id, { decision: "accept", revisionId })).toMatchObject({
      status: 409,
      body: { error: { message: "Its tests do not pass (fail); confirm to accept it anyway." } },
    });
    expect((await getDb().candidate.findUniqueOrThrow({ where: { id } })).reviewStatus).toBe("PENDING");
    expect((await decide("ann", id, { decision: "accept", revisionId, acceptFailing: true, comment: "the tests are wrong" })).status).toBe(
      201,
    );
    const reviews = await getDb().review.findMany({ where: { candidateId: id } });
    expect(reviews).toEqual([
      expect.objectContaining({ decision: "ACCEPT", revisionId, acceptedDespiteFailures: true, comment: "the tests are wrong" }),
    ]);
    expect((await getDb().candidate.findUniqueOrThrow({ where: { id } })).reviewStatus).toBe("ACCEPTED");
    expect(await getDb().auditEvent.findFirst({ where: { targetId: id } })).toMatchObject({
      action: "candidate.accept",
      actorLabel: "ann@decide.test",
      before: { reviewStatus: "PENDING" },
      after: { reviewStatus: "ACCEPTED", revision: 1 },
    });
  });

  it("decides once: a second decision, even the decider's own, is refused naming who decided what and when", async () => {
    const { id, revisionId } = await newCandidate();
    const first = await decide("ann", id, { decision: "reject", revisionId, comment: "vague" });
    expect(first.status).toBe(201);
    const decidedAt = (await getDb().review.findUniqueOrThrow({ where: { id: first.body.id! } })).createdAt
      .toISOString()
      .replace("T", " ")
      .slice(0, 19);
    for (const [who, decision] of [
      ["bob", "accept"],
      ["ann", "accept"],
      ["bob", "reject"],
    ] as const) {
      expect(await decide(who, id, { decision, revisionId })).toMatchObject({
        status: 409,
        body: {
          error: {
            code: "CONFLICT",
            message: `ann@decide.test rejected this item at ${decidedAt} UTC (revision 1); it is decided. Reopen it, with a reason, to decide again.`,
          },
        },
      });
    }
    expect(await getDb().review.count({ where: { candidateId: id } })).toBe(1);
    expect((await getDb().candidate.findUniqueOrThrow({ where: { id } })).reviewStatus).toBe("REJECTED");
  });

  it("refuses a decision on a revision that is no longer current, naming the one that is", async () => {
    const { id, revisionId } = await newCandidate();
    const edit = { parentRevisionId: revisionId, instruction: "i2", solution: "s2", tests: "t2" };
    const saved = await call(revise, "bob", id, edit);
    expect(saved.status).toBe(201);
    expect(await decide("ann", id, { decision: "accept", revisionId })).toMatchObject({
      status: 409,
      body: {
        error: {
          code: "CONFLICT",
          message:
            "This item changed since you looked at it: revision 2 by bob@decide.test is current now, not revision 1. Look at it again, then decide.",
        },
      },
    });
    // Another item's revision is not a revision of this one.
    const other = await newCandidate();
    expect((await decide("ann", id, { decision: "accept", revisionId: other.revisionId })).body.error?.message).toBe(
      "The revision you named is not one of this item's; revision 2 by bob@decide.test is current. Look at it again, then decide.",
    );
    expect(await getDb().review.count({ where: { candidateId: id } })).toBe(0);
    // On the revision that is current, it goes through; the decision names that revision.
    expect((await decide("ann", id, { decision: "reject", revisionId: saved.body.id, comment: "worse" })).status).toBe(201);
    expect(await getDb().review.findFirst({ where: { candidateId: id } })).toMatchObject({ revisionId: saved.body.id, decision: "REJECT" });
  });

  it("refuses a decision while another reviewer's claim is live, naming them and until when", async () => {
    const { id, revisionId } = await newCandidate();
    expect((await call(claim, "bob", id)).status).toBe(200);
    const refused = await decide("ann", id, { decision: "accept", revisionId });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "CONFLICT" } } });
    expect(refused.body.error?.message).toMatch(
      /^bob@decide\.test is reviewing this item \(claimed until \d\d:\d\d:\d\d UTC\); you cannot accept it/,
    );
    expect(await getDb().review.count({ where: { candidateId: id } })).toBe(0);
  });

  it("answers a bad body and an unknown candidate clearly", async () => {
    const { id, revisionId } = await newCandidate();
    expect(await decide("ann", id, { decision: "maybe", revisionId })).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining("decision") } },
    });
    expect(await decide("ann", id, { decision: "accept" })).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "BAD_REQUEST",
          message: "Invalid decision: revisionId: name the revision you decide on (the id of the one you looked at)",
        },
      },
    });
    expect((await decide("ann", "00000000-0000-7000-8000-000000000000", { decision: "reject", revisionId })).status).toBe(404);
    expect((await decide("ann", "not-an-id", { decision: "reject", revisionId })).status).toBe(404);
  });
});
