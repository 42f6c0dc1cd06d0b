import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST } from "@/app/api/projects/[slug]/candidates/bulk-decision/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const cookies: Record<"ann" | "bob" | "vic", string> = { ann: "", bob: "", vic: "" };
let projectId = "";
const slug = "bulk";

const headers = (who: keyof typeof cookies) => ({
  cookie: cookies[who],
  origin: "http://studio.test",
  host: "studio.test",
  "content-type": "application/json",
});
type Answer = {
  matched?: number;
  changed?: number;
  skipped?: Record<string, number>;
  ids?: string[];
  error?: { code: string; message: string };
};
const bulk = async (who: keyof typeof cookies, body: unknown) => {
  const request = new Request(`http://studio.test/api/projects/${slug}/candidates/bulk-decision`, {
    method: "POST",
    headers: headers(who),
    body: JSON.stringify(body),
  });
  const response = await POST(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: (await response.json()) as Answer };
};

/** A Go item with a score and a test status; `n` names it in the instruction. */
async function goItem(n: number, totalScore: number, verificationStatus: "PASS" | "FAIL" = "PASS") {
  const { id } = await createCandidate(getDb(), projectId, { verificationStatus, instruction: `go item ${n}` });
  await getDb().candidate.update({ where: { id }, data: { language: "go", totalScore } });
  return id;
}

describe("POST /api/projects/:slug/candidates/bulk-decision", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug, name: slug, languages: [], settings: {} } })).id;
    for (const [who, role] of [
      ["ann", "ANNOTATOR"],
      ["bob", "ANNOTATOR"],
      ["vic", "VIEWER"],
    ] as const)
      cookies[who] = (await signedInUser(db, { email: `${who}@bulk.test`, project: { id: projectId, role } })).cookie;
  });
  afterAll(() => getDb().$disconnect());

  it("counts first, then accepts the verified Go items with score ≥ 4 in one action: claimed, decided and failing ones skipped, one audit event with the ids", async () => {
    const good = [await goItem(1, 4.5), await goItem(2, 4), await goItem(3, 5)];
    const claimed = await goItem(4, 4.5);
    const decided = await goItem(5, 4.5);
    await goItem(6, 3.5); // under the score: not selected
    const other = await createCandidate(getDb(), projectId, { instruction: "python item" });
    await getDb().candidate.update({ where: { id: other.id }, data: { totalScore: 5 } });
    await getDb().candidate.update({ where: { id: decided }, data: { reviewStatus: "REJECTED" } });
    const claimRequest = new Request(`http://studio.test/api/candidates/${claimed}/claim`, { method: "POST", headers: headers("bob") });
    expect((await claim(claimRequest, { params: Promise.resolve({ id: claimed }) })).status).toBeLessThan(300);

    const filter = { language: "go", minScore: 4, verification: "PASS", review: "PENDING", hideClaimed: "others" };
    const count = await bulk("ann", { decision: "accept", filter, dryRun: true });
    expect(count).toMatchObject({ status: 200, body: { matched: 5, changed: 3, skipped: { decided: 1, claimed: 1, failingTests: 0 } } });
    expect(await getDb().review.count({ where: { candidate: { projectId } } })).toBe(0);

    // The count confirmed must still hold.
    expect(await bulk("ann", { decision: "accept", filter, expected: 2 })).toMatchObject({
      status: 409,
      body: { error: { code: "CONFLICT" } },
    });
    const done = await bulk("ann", { decision: "accept", filter, expected: 3 });
    expect(done).toMatchObject({ status: 201, body: { changed: 3, skipped: { claimed: 1, decided: 1 } } });
    expect([...done.body.ids!].sort()).toEqual([...good].sort());

    const statuses = await getDb().candidate.findMany({ where: { projectId }, select: { id: true, reviewStatus: true } });
    const status = (id: string) => statuses.find((s) => s.id === id)?.reviewStatus;
    expect(good.map(status)).toEqual(["ACCEPTED", "ACCEPTED", "ACCEPTED"]);
    expect([status(claimed), status(decided), status(other.id)]).toEqual(["PENDING", "REJECTED", "PENDING"]);
    expect(await getDb().review.count({ where: { candidateId: { in: good }, reviewer: { email: "ann@bulk.test" } } })).toBe(3);

    const events = await getDb().auditEvent.findMany({ where: { projectId, action: { startsWith: "candidates.bulk" } } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "candidates.bulk_accept", actorLabel: "ann@bulk.test", after: { count: 3 } });
    expect([...(events[0]!.after as { ids: string[] }).ids].sort()).toEqual([...good].sort());

    // Nothing left to accept: a second run changes nothing and records nothing.
    expect(await bulk("ann", { decision: "accept", filter, dryRun: true })).toMatchObject({ body: { changed: 0 } });
  });

  it("skips items whose tests fail when accepting, and needs a reason to reject", async () => {
    const failing = await goItem(7, 4.8, "FAIL");
    const filter = { language: "go", minScore: 4.8, verification: "FAIL" };
    expect(await bulk("ann", { decision: "accept", filter, dryRun: true })).toMatchObject({
      body: { changed: 0, skipped: { failingTests: 1 } },
    });
    expect(await bulk("ann", { decision: "reject", filter })).toMatchObject({ status: 400, body: { error: { code: "BAD_REQUEST" } } });
    expect(await bulk("ann", { decision: "reject", filter, comment: "broken tests" })).toMatchObject({
      status: 201,
      body: { ids: [failing] },
    });
    expect(await getDb().review.findFirst({ where: { candidateId: failing } })).toMatchObject({
      decision: "REJECT",
      comment: "broken tests",
    });
  });

  it("refuses a viewer, and a malformed filter with a clear error", async () => {
    expect(await bulk("vic", { decision: "accept", filter: {}, dryRun: true })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    const bad = await bulk("ann", { decision: "accept", filter: { minScore: 9 } });
    expect(bad).toMatchObject({ status: 400 });
    expect(bad.body.error?.message).toMatch(/minScore/);
  });
});
