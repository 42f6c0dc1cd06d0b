import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as detail } from "@/app/api/candidates/[id]/route";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST as adjudicate } from "@/app/api/candidates/[id]/adjudication/route";
import { POST as decide } from "@/app/api/candidates/[id]/decision/route";
import { POST as reopen } from "@/app/api/candidates/[id]/reopen/route";
import { POST as bulk } from "@/app/api/projects/[slug]/candidates/bulk-decision/route";
import { getDb } from "@/lib/db/client";
import type { CandidateDetail } from "@/lib/review/candidate-types";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";
import { routeCaller } from "@/lib/testing/route-call";

/** Several annotators per item (review.overlap 2): deciding, disputes, adjudication, blind review, reopening, rubric answers, bulk. */

const slug = "overlap";
const people = { ann: "ANNOTATOR", bob: "ANNOTATOR", cat: "ANNOTATOR", cur: "CURATOR" } as const;
type Who = keyof typeof people;
const cookies = {} as Record<Who, string>;
const call = routeCaller(() => "");
let projectId = "";

const RUBRIC = [
  { id: "clarity", kind: "scale", label: "Clarity", aspect: "clarity", required: true },
  { id: "topic", kind: "labels", label: "Topic", options: ["strings", "math"], multiple: false },
  { id: "note", kind: "text", label: "Note" },
];

const post = (handler: typeof decide, who: Who, id: string, path: string, body: unknown) =>
  call(handler, "POST", `/api/candidates/${id}/${path}`, { id }, body, cookies[who]);
const decideAs = (who: Who, id: string, revisionId: string, decision: "accept" | "reject", extra: Record<string, unknown> = {}) =>
  post(decide, who, id, "decision", { decision, revisionId, rubric: { clarity: 4 }, ...extra });
const adjudicateAs = (who: Who, id: string, revisionId: string, decision: "accept" | "reject", extra: Record<string, unknown> = {}) =>
  post(adjudicate, who, id, "adjudication", { decision, revisionId, ...extra });
const reopenAs = (who: Who, id: string, reason = "second look") => post(reopen, who, id, "reopen", { reason });
const detailAs = async (who: Who, id: string) => {
  const answer = await call(detail, "GET", `/api/candidates/${id}`, { id }, undefined, cookies[who]);
  expect(answer.status).toBe(200);
  return answer.body as unknown as CandidateDetail;
};
const status = async (id: string) => (await getDb().candidate.findUniqueOrThrow({ where: { id } })).reviewStatus;
const standing = (id: string) =>
  getDb().review.findMany({ where: { candidateId: id, reopening: null }, orderBy: { createdAt: "asc" }, include: { reviewer: true } });

const newItem = () => createCandidate(getDb(), projectId);

describe("several annotators per item (overlap 2)", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (
      await db.project.create({ data: { slug, name: slug, languages: [], settings: { review: { overlap: 2, rubric: RUBRIC } } } })
    ).id;
    for (const [who, role] of Object.entries(people) as [Who, (typeof people)[Who]][])
      cookies[who] = (await signedInUser(db, { email: `${who}@overlap.test`, project: { id: projectId, role } })).cookie;
  });
  afterAll(() => getDb().$disconnect());

  it("keeps an item pending after the first decision, final when the second agrees; a third is refused; each decider answered where it stands", async () => {
    const { id, revisionId } = await newItem();
    const first = await decideAs("ann", id, revisionId, "accept", { rubric: { clarity: 5, topic: ["math"], note: "fine" } });
    expect(first).toMatchObject({
      status: 201,
      body: { reviewStatus: "PENDING", decided: 1, required: 2, decision: "accept", revisionId },
    });
    expect(await status(id)).toBe("PENDING");
    // The same annotator again: refused, naming their own decision and the count.
    const again = await decideAs("ann", id, revisionId, "reject", { comment: "changed my mind" });
    expect(again.status).toBe(409);
    expect(again.body.error?.message).toMatch(
      /^You accepted this item at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(revision 1\); 1 of 2 annotators have decided\. Reopen your decision/,
    );
    const second = await decideAs("bob", id, revisionId, "accept", { rubric: { clarity: 3 } });
    expect(second).toMatchObject({ status: 201, body: { reviewStatus: "ACCEPTED", decided: 2, required: 2 } });
    expect(await status(id)).toBe("ACCEPTED");
    const third = await decideAs("cat", id, revisionId, "reject", { comment: "late" });
    expect(third.status).toBe(409);
    expect(third.body.error?.message).toMatch(/^bob@overlap\.test accepted this item at .*; it is decided\./);
    expect((await standing(id)).map((r) => [r.reviewer.email, r.decision, r.kind, r.rubric])).toEqual([
      ["ann@overlap.test", "ACCEPT", "ANNOTATION", { clarity: 5, topic: ["math"], note: "fine" }],
      ["bob@overlap.test", "ACCEPT", "ANNOTATION", { clarity: 3 }],
    ]);
    const audits = await getDb().auditEvent.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.action, (a.after as { reviewStatus: string; decided: number; required: number }).reviewStatus])).toEqual([
      ["candidate.accept", "PENDING"],
      ["candidate.accept", "ACCEPTED"],
    ]);
    expect(audits[1]!.after).toMatchObject({ decided: 2, required: 2, rubric: { clarity: 3 } });
  });

  it("disputes an item its annotators disagree on: annotators refused, an annotator may not adjudicate (403), the curator's adjudication is final and audited with both decisions", async () => {
    const { id, revisionId } = await newItem();
    expect((await decideAs("ann", id, revisionId, "accept")).body.reviewStatus).toBe("PENDING");
    // Adjudication needs a dispute: refused while pending, saying where it stands.
    expect((await adjudicateAs("cur", id, revisionId, "accept")).body.error?.message).toBe(
      "This item is not disputed: 1 of 2 annotators have decided it, without disagreeing. Only an item whose annotators disagree is adjudicated.",
    );
    expect(await decideAs("bob", id, revisionId, "reject", { comment: "off by one" })).toMatchObject({
      status: 201,
      body: { reviewStatus: "DISPUTED", decided: 2, required: 2 },
    });
    expect(await status(id)).toBe("DISPUTED");
    expect((await decideAs("cat", id, revisionId, "accept")).body.error?.message).toBe(
      "Its annotators disagree (ann@overlap.test accepted, bob@overlap.test rejected); it awaits a curator's adjudication and takes no more decisions.",
    );
    expect(await adjudicateAs("cat", id, revisionId, "accept")).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
    // An annotator cannot undo the dispute by reopening it either.
    expect(await reopenAs("ann", id)).toMatchObject({
      status: 403,
      body: { error: { message: "This item awaits a curator's adjudication; only a curator can reopen it." } },
    });
    expect(await post(adjudicate, "cur", id, "adjudication", { decision: "maybe", revisionId })).toMatchObject({ status: 400 });
    // Nor hide it from the curators by claiming it: a disputed item is a curator's to claim.
    expect(await post(claim, "cat", id, "claim", {})).toMatchObject({
      status: 409,
      body: {
        error: { message: "This item is disputed: its annotators disagree and a curator adjudicates it, so only a curator can claim it." },
      },
    });
    expect(await post(claim, "cur", id, "claim", {})).toMatchObject({ status: 200, body: { claimedBy: "cur@overlap.test" } });

    const settled = await adjudicateAs("cur", id, revisionId, "reject", { comment: "bob is right" });
    expect(settled).toMatchObject({ status: 201, body: { reviewStatus: "REJECTED", decision: "reject", decided: 2, required: 2 } });
    expect(await status(id)).toBe("REJECTED");
    expect((await adjudicateAs("cur", id, revisionId, "accept")).body.error?.message).toMatch(
      /^cur@overlap\.test rejected this item in adjudication at .*; it is decided\./,
    );
    expect((await standing(id)).map((r) => [r.reviewer.email, r.decision, r.kind])).toEqual([
      ["ann@overlap.test", "ACCEPT", "ANNOTATION"],
      ["bob@overlap.test", "REJECT", "ANNOTATION"],
      ["cur@overlap.test", "REJECT", "ADJUDICATION"],
    ]);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { targetId: id, action: "candidate.adjudicate" } });
    expect(audit).toMatchObject({
      actorLabel: "cur@overlap.test",
      before: {
        reviewStatus: "DISPUTED",
        decisions: [
          { by: "ann@overlap.test", decision: "ACCEPT", kind: "ANNOTATION", revision: 1, at: expect.any(String) },
          { by: "bob@overlap.test", decision: "REJECT", kind: "ANNOTATION", revision: 1, comment: "off by one", at: expect.any(String) },
        ],
      },
      after: { reviewStatus: "REJECTED", decision: "reject", comment: "bob is right", reviewId: settled.body.id },
    });
    // Everyone sees all three now; the adjudication is marked in the history.
    const seen = await detailAs("ann", id);
    expect(seen.annotation).toMatchObject({ decided: 2, required: 2, canAdjudicate: false });
    expect(seen.annotation.decisions.map((d) => [d.by, d.kind])).toEqual([
      ["ann@overlap.test", "ANNOTATION"],
      ["bob@overlap.test", "ANNOTATION"],
      ["cur@overlap.test", "ADJUDICATION"],
    ]);
    expect(seen.history.map((h) => [h.kind, h.by, h.adjudication])).toEqual([
      ["ACCEPT", "ann@overlap.test", false],
      ["REJECT", "bob@overlap.test", false],
      ["REJECT", "cur@overlap.test", true],
    ]);
    // Reopening an adjudicated item is a curator's: it takes back all three; the item needs two fresh decisions.
    expect((await reopenAs("bob", id)).status).toBe(403);
    expect(await reopenAs("cur", id, "the tests were wrong")).toMatchObject({ status: 201, body: { reopened: 3 } });
    expect(await status(id)).toBe("PENDING");
    expect(await standing(id)).toEqual([]);
    expect((await decideAs("ann", id, revisionId, "accept")).body).toMatchObject({ reviewStatus: "PENDING", decided: 1 });
  });

  it("adjudicates like deciding: on the current revision, respecting another's claim and the failing-tests confirmation", async () => {
    const { id, revisionId } = await createCandidate(getDb(), projectId, { verificationStatus: "FAIL" });
    await decideAs("ann", id, revisionId, "reject", { comment: "fails" });
    await decideAs("bob", id, revisionId, "accept", { acceptFailing: true });
    expect(await status(id)).toBe("DISPUTED");
    expect((await adjudicateAs("cur", id, "00000000-0000-7000-8000-000000000000", "reject")).body.error?.message).toMatch(
      /^The revision you named is not one of this item's/,
    );
    // A claim taken before the dispute (annotators cannot claim a disputed item), still active.
    const cat = await getDb().user.findUniqueOrThrow({ where: { email: "cat@overlap.test" } });
    await getDb().candidate.update({ where: { id }, data: { claimedById: cat.id, claimExpiresAt: new Date(Date.now() + 60_000) } });
    expect((await adjudicateAs("cur", id, revisionId, "reject")).body.error?.message).toMatch(
      /^cat@overlap\.test is reviewing this item .*you cannot adjudicate it/,
    );
    await getDb().candidate.update({ where: { id }, data: { claimedById: null, claimExpiresAt: null } });
    expect((await adjudicateAs("cur", id, revisionId, "accept")).body.error?.message).toBe(
      "Its tests do not pass (fail); confirm to accept it anyway.",
    );
    expect(await adjudicateAs("cur", id, revisionId, "accept", { acceptFailing: true })).toMatchObject({
      status: 201,
      body: { reviewStatus: "ACCEPTED" },
    });
    expect(await getDb().review.findFirst({ where: { candidateId: id, kind: "ADJUDICATION" } })).toMatchObject({
      acceptedDespiteFailures: true,
    });
  });

  it("is blind while pending: an annotator sees only their own decision, in the detail and its history; a curator sees all", async () => {
    const { id, revisionId } = await newItem();
    await decideAs("ann", id, revisionId, "reject", { comment: "ann's secret", rubric: { clarity: 2 } });
    const bob = await detailAs("bob", id);
    expect(bob.annotation).toMatchObject({ required: 2, decided: 1, mine: null, decisions: [], canAdjudicate: false });
    expect(bob.annotation.rubric.map((q) => q.id)).toEqual(["clarity", "topic", "note"]);
    expect(bob.history).toEqual([]);
    expect(JSON.stringify(bob)).not.toContain("ann's secret");
    const ann = await detailAs("ann", id);
    expect(ann.annotation.mine).toMatchObject({
      by: "ann@overlap.test",
      decision: "REJECT",
      rubric: { clarity: 2 },
      comment: "ann's secret",
    });
    expect(ann.annotation.decisions).toHaveLength(1);
    expect(ann.history.map((h) => h.by)).toEqual(["ann@overlap.test"]);
    const cur = await detailAs("cur", id);
    expect(cur.annotation.decisions.map((d) => d.by)).toEqual(["ann@overlap.test"]);
    expect(cur.history).toHaveLength(1);

    // Ann changes her mind before the item is settled: her own decision only is taken back, and stays hidden from Bob.
    expect(await reopenAs("bob", id)).toMatchObject({
      status: 409,
      body: {
        error: {
          message:
            "This item is not decided yet (1 of 2 annotators have), and you have no decision on it to take back; each annotator reopens their own.",
        },
      },
    });
    expect(await reopenAs("ann", id, "misread it")).toMatchObject({ status: 201, body: { reopened: 1 } });
    expect(await status(id)).toBe("PENDING");
    expect((await detailAs("bob", id)).history).toEqual([]);
    expect((await detailAs("ann", id)).history.map((h) => h.kind)).toEqual(["REJECT", "REOPEN"]);
    expect((await detailAs("ann", id)).annotation).toMatchObject({ decided: 0, mine: null });

    // Once disputed, everyone sees every standing decision; the curator may adjudicate.
    await decideAs("bob", id, revisionId, "accept");
    await decideAs("ann", id, revisionId, "reject");
    const disputed = await detailAs("cat", id);
    expect(disputed.annotation.decisions.map((d) => [d.by, d.decision])).toEqual([
      ["bob@overlap.test", "ACCEPT"],
      ["ann@overlap.test", "REJECT"],
    ]);
    expect(disputed.annotation.canAdjudicate).toBe(false);
    expect((await detailAs("cur", id)).annotation.canAdjudicate).toBe(true);
  });

  it("takes back every standing decision when a final item is reopened, so it needs two fresh ones", async () => {
    const { id, revisionId } = await newItem();
    await decideAs("ann", id, revisionId, "accept");
    await decideAs("bob", id, revisionId, "accept");
    const reopened = await reopenAs("cat", id, "both missed the edge case");
    expect(reopened).toMatchObject({ status: 201, body: { reopened: 2 } });
    expect(await getDb().reviewReopening.count({ where: { candidateId: id } })).toBe(2);
    expect(await getDb().auditEvent.findFirst({ where: { targetId: id, action: "candidate.reopen" } })).toMatchObject({
      before: { reviewStatus: "ACCEPTED", decisions: [{ by: "ann@overlap.test" }, { by: "bob@overlap.test" }] },
      after: { reviewStatus: "PENDING", reason: "both missed the edge case" },
    });
    expect((await decideAs("ann", id, revisionId, "reject", { comment: "edge case" })).body).toMatchObject({
      reviewStatus: "PENDING",
      decided: 1,
    });
    expect((await decideAs("cat", id, revisionId, "reject", { comment: "edge case" })).body).toMatchObject({
      reviewStatus: "REJECTED",
      decided: 2,
    });
  });

  it("checks rubric answers against the project's rubric: a 400 naming every problem, nothing stored", async () => {
    const { id, revisionId } = await newItem();
    const bad = await post(decide, "ann", id, "decision", {
      decision: "accept",
      revisionId,
      rubric: { clarity: 7, topic: ["strings", "math"], colour: "blue" },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: "BAD_REQUEST",
          message:
            'The rubric answers do not fit this project\'s rubric: "colour" is not a question of this project\'s rubric; "Clarity" is answered with a whole number from 1 to 5; "Topic" takes one label.',
        },
      },
    });
    expect((await post(decide, "ann", id, "decision", { decision: "accept", revisionId })).body.error?.message).toBe(
      'The rubric answers do not fit this project\'s rubric: "Clarity" needs an answer.',
    );
    expect((await post(decide, "ann", id, "decision", { decision: "accept", revisionId, rubric: { clarity: "4" } })).status).toBe(400);
    expect((await post(decide, "ann", id, "decision", { decision: "accept", revisionId, rubric: [4] })).status).toBe(400);
    expect(await getDb().review.count({ where: { candidateId: id } })).toBe(0);
  });

  it("leaves disputed items and items with an annotator's decision out of a bulk decision, and an annotator's takes only items one decision settles", async () => {
    const [untouched, annotated, disputed] = [await newItem(), await newItem(), await newItem()];
    await decideAs("ann", annotated.id, annotated.revisionId, "accept");
    await decideAs("ann", disputed.id, disputed.revisionId, "accept");
    await decideAs("bob", disputed.id, disputed.revisionId, "reject", { comment: "no" });
    const ids = [untouched.id, annotated.id, disputed.id];
    await getDb().candidate.updateMany({ where: { id: { in: ids } }, data: { language: "go" } });
    const bulkAs = (who: Who, dryRun: boolean) =>
      call(
        bulk,
        "POST",
        `/api/projects/${slug}/candidates/bulk-decision`,
        { slug },
        { decision: "accept", filter: { language: "go" }, dryRun },
        cookies[who],
      );
    // An annotator's bulk decision would bypass the overlap: the item needing two annotators is skipped.
    expect(await bulkAs("cat", true)).toMatchObject({
      status: 200,
      body: { matched: 3, changed: 0, skipped: { decided: 0, disputed: 1, annotated: 1, overlap: 1, claimed: 0, failingTests: 0 } },
    });
    expect(await bulkAs("cur", false)).toMatchObject({
      status: 201,
      body: {
        matched: 3,
        changed: 1,
        ids: [untouched.id],
        skipped: { decided: 0, disputed: 1, annotated: 1, overlap: 0, claimed: 0, failingTests: 0 },
      },
    });
    expect([await status(untouched.id), await status(annotated.id), await status(disputed.id)]).toEqual([
      "ACCEPTED",
      "PENDING",
      "DISPUTED",
    ]);
  });
});
