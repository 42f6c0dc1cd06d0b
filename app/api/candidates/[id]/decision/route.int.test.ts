import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/candidates/[id]/decision/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";

let cookie = "";
let candidateId = "";
const decide = async (body: unknown, id = candidateId) => {
  const request = new Request(`http://studio.test/api/candidates/${id}/decision`, { method: "POST", headers: { cookie, origin: "http://studio.test", host: "studio.test", "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await POST(request, { params: Promise.resolve({ id }) });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("POST /api/candidates/:id/decision", () => {
  beforeAll(async () => {
    const db = getDb();
    const project = await db.project.create({ data: { slug: "decide", name: "decide", languages: [], settings: {} } });
    ({ cookie } = await signedInUser(db, { email: "ann@decide.test", project: { id: project.id, role: "ANNOTATOR" } }));
    const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python", verificationStatus: "FAIL" } });
    const revision = await db.revision.create({ data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction: "i", solution: "s", tests: "t" } });
    await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
    candidateId = candidate.id;
  });
  afterAll(() => getDb().$disconnect());

  it("asks for confirmation before accepting an item whose tests fail, then records that it was confirmed", async () => {
    expect(await decide({ decision: "accept" })).toMatchObject({ status: 409, body: { error: { message: "Its tests do not pass (fail); confirm to accept it anyway." } } });
    expect((await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId } })).reviewStatus).toBe("PENDING");
    expect((await decide({ decision: "accept", acceptFailing: true, comment: "the tests are wrong" })).status).toBe(201);
    const reviews = await getDb().review.findMany({ where: { candidateId } });
    expect(reviews).toEqual([expect.objectContaining({ decision: "ACCEPT", acceptedDespiteFailures: true, comment: "the tests are wrong" })]);
    expect((await getDb().candidate.findUniqueOrThrow({ where: { id: candidateId } })).reviewStatus).toBe("ACCEPTED");
    expect(await getDb().auditEvent.findFirst({ where: { targetId: candidateId } })).toMatchObject({ action: "candidate.accept", actorLabel: "ann@decide.test", before: { reviewStatus: "PENDING" } });
  });

  it("answers a bad body and an unknown candidate clearly", async () => {
    expect(await decide({ decision: "maybe" })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("decision") } } });
    expect((await decide({ decision: "reject" }, "00000000-0000-7000-8000-000000000000")).status).toBe(404);
    expect((await decide({ decision: "reject" }, "not-an-id")).status).toBe(404);
  });
});
