import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST as decide } from "@/app/api/candidates/[id]/decision/route";
import { getDb } from "@/lib/db/client";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";

const ROUNDS = 20;
const cookies: Record<"ann" | "bob" | "cat", string> = { ann: "", bob: "", cat: "" };
let projectId = "";
let overlapProjectId = "";

type Handler = (request: Request, extra: { params: Promise<{ id: string }> }) => Promise<Response>;
async function call(handler: Handler, who: keyof typeof cookies, id: string, body: unknown = {}) {
  const headers = { cookie: cookies[who], origin: "http://studio.test", host: "studio.test", "content-type": "application/json" };
  const response = await handler(
    new Request(`http://studio.test/api/candidates/${id}/x`, { method: "POST", headers, body: JSON.stringify(body) }),
    { params: Promise.resolve({ id }) },
  );
  return { who, status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
}

const newCandidate = () => createCandidate(getDb(), projectId);

/** Ann accepts and Bob rejects the same item at the same instant, through the route, each with their own session. */
async function race(id: string, revisionId: string) {
  const results = await Promise.all([
    call(decide, "ann", id, { decision: "accept", revisionId }),
    call(decide, "bob", id, { decision: "reject", revisionId, comment: "no" }),
  ]);
  const stored = await getDb().candidate.findUniqueOrThrow({
    where: { id },
    select: { reviewStatus: true, reviews: { select: { decision: true } } },
  });
  return { results, stored };
}

describe("two reviewers deciding one item at the same instant", () => {
  beforeAll(async () => {
    const db = getDb();
    projectId = (await db.project.create({ data: { slug: "race", name: "race", languages: [], settings: {} } })).id;
    overlapProjectId = (
      await db.project.create({ data: { slug: "race2", name: "race2", languages: [], settings: { review: { overlap: 2 } } } })
    ).id;
    for (const who of ["ann", "bob", "cat"] as const) {
      const user = await signedInUser(db, { email: `${who}@race.test`, project: { id: projectId, role: "ANNOTATOR" } });
      await db.projectMember.create({ data: { projectId: overlapProjectId, userId: user.userId, role: "ANNOTATOR" } });
      cookies[who] = user.cookie;
    }
  });
  afterAll(() => getDb().$disconnect());

  it(`lets exactly one of two opposite decisions through in each of ${ROUNDS} rounds; the stored decision is the winner's`, async () => {
    // Counted over all rounds before asserting, so a failure shows how often each outcome happened.
    const tally = { exactlyOne: 0, bothSucceeded: 0, storedIsWinners: 0, loserToldWhoDecided: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { id, revisionId } = await newCandidate();
      const { results, stored } = await race(id, revisionId);
      const winners = results.filter((r) => r.status === 201);
      if (winners.length === 2) tally.bothSucceeded++;
      if (winners.length !== 1) continue;
      tally.exactlyOne++;
      const winner = winners[0]!;
      const loser = results.find((r) => r !== winner)!;
      const [status, decision] = winner.who === "ann" ? ["ACCEPTED", "ACCEPT"] : ["REJECTED", "REJECT"];
      if (stored.reviewStatus === status && stored.reviews.length === 1 && stored.reviews[0]!.decision === decision)
        tally.storedIsWinners++;
      if (loser.status === 409 && loser.body.error?.message.includes(`${winner.who}@race.test ${status.toLowerCase()} this item at`))
        tally.loserToldWhoDecided++;
    }
    expect(tally).toEqual({ exactlyOne: ROUNDS, bothSucceeded: 0, storedIsWinners: ROUNDS, loserToldWhoDecided: ROUNDS });
  });

  it(`gives the item to the claim's holder in each of ${ROUNDS} rounds, never to the reviewer without it`, async () => {
    const tally = { holderAlone: 0, bothSucceeded: 0, storedIsHolders: 0, otherToldWhoHasIt: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { id, revisionId } = await newCandidate();
      expect((await call(claim, "ann", id)).status).toBe(200);
      const { results, stored } = await race(id, revisionId);
      const [ann, bob] = results;
      if (ann!.status === 201 && bob!.status === 201) tally.bothSucceeded++;
      if (ann!.status === 201 && bob!.status === 409) tally.holderAlone++;
      if (stored.reviewStatus === "ACCEPTED" && stored.reviews.length === 1) tally.storedIsHolders++;
      // Bob is refused either for Ann's claim or, once she decided, for her decision: both name her.
      if (bob!.body.error?.message.startsWith("ann@race.test ")) tally.otherToldWhoHasIt++;
    }
    expect(tally).toEqual({ holderAlone: ROUNDS, bothSucceeded: 0, storedIsHolders: ROUNDS, otherToldWhoHasIt: ROUNDS });
  });

  it(`at overlap 2, of three annotators deciding at once, exactly two decisions are stored and counted, in each of ${ROUNDS} rounds`, async () => {
    const tally = { twoStored: 0, statusFollowsThem: 0, thirdRefused: 0, answersCount: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { id, revisionId } = await createCandidate(getDb(), overlapProjectId);
      const results = await Promise.all([
        call(decide, "ann", id, { decision: "accept", revisionId }),
        call(decide, "bob", id, { decision: round % 2 ? "reject" : "accept", revisionId, comment: "b" }),
        call(decide, "cat", id, { decision: "accept", revisionId }),
      ]);
      const stored = await getDb().candidate.findUniqueOrThrow({
        where: { id },
        select: { reviewStatus: true, reviews: { select: { decision: true, reviewer: { select: { email: true } } } } },
      });
      if (stored.reviews.length === 2) tally.twoStored++;
      const decisions = stored.reviews.map((r) => r.decision);
      const expected = decisions[0] !== decisions[1] ? "DISPUTED" : decisions[0] === "ACCEPT" ? "ACCEPTED" : "REJECTED";
      if (stored.reviewStatus === expected) tally.statusFollowsThem++;
      if (results.filter((r) => r.status === 201).length === 2 && results.filter((r) => r.status === 409).length === 1)
        tally.thirdRefused++;
      // The first stored answered "1 of 2, pending", the second the settled status.
      const answers = results
        .filter((r) => r.status === 201)
        .map((r) => r.body as { decided?: number; reviewStatus?: string })
        .sort((a, b) => a.decided! - b.decided!);
      if (
        answers[0]?.decided === 1 &&
        answers[0].reviewStatus === "PENDING" &&
        answers[1]?.decided === 2 &&
        answers[1].reviewStatus === expected
      )
        tally.answersCount++;
    }
    expect(tally).toEqual({ twoStored: ROUNDS, statusFollowsThem: ROUNDS, thirdRefused: ROUNDS, answersCount: ROUNDS });
  });
});
