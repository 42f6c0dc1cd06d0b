import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as claim } from "@/app/api/candidates/[id]/claim/route";
import { POST as decide } from "@/app/api/candidates/[id]/decision/route";
import { POST as reopen } from "@/app/api/candidates/[id]/reopen/route";
import { GET as queue } from "@/app/api/projects/[slug]/candidates/route";
import { getDb } from "@/lib/db/client";
import { overlapDraw } from "@/lib/review/overlap";
import type { QueuePage } from "@/lib/review/queue-types";
import { signedInUser } from "@/lib/testing/accounts";
import { createCandidate } from "@/lib/testing/candidates";
import { routeCaller } from "@/lib/testing/route-call";

/** The to-do queue (`todo=mine`) with several annotators per item: nobody is handed an item twice. */

const annotators = ["ann", "bob", "cat"] as const;
type Who = (typeof annotators)[number];
const cookies = {} as Record<Who, string>;
const call = routeCaller(() => "");

async function project(slug: string, review: Record<string, number | Record<string, number>>): Promise<string> {
  const db = getDb();
  const { id } = await db.project.create({ data: { slug, name: slug, languages: [], settings: { review } } });
  for (const who of annotators) await db.projectMember.create({ data: { projectId: id, userId: users[who], role: "ANNOTATOR" } });
  return id;
}
const users = {} as Record<Who, string>;

const page = async (who: Who, slug: string, query: string) => {
  const answer = await call(queue, "GET", `/api/projects/${slug}/candidates?${query}`, { slug }, undefined, cookies[who]);
  expect(answer.status).toBe(200);
  return answer.body as unknown as QueuePage;
};
const decideAs = (who: Who, id: string, revisionId: string, decision: "accept" | "reject") =>
  call(decide, "POST", `/api/candidates/${id}/decision`, { id }, { decision, revisionId, comment: "c" }, cookies[who]);

describe("the to-do queue with several annotators per item", () => {
  beforeAll(async () => {
    for (const who of annotators) {
      const user = await signedInUser(getDb(), { email: `${who}@todo.test` });
      cookies[who] = user.cookie;
      users[who] = user.userId;
    }
  });
  afterAll(() => getDb().$disconnect());

  it("never hands an annotator an item they decided, walked by three annotators at once, and every item ends with exactly two decisions", async () => {
    const slug = "todo-walk";
    const projectId = await project(slug, { overlap: 2 });
    const revisions = new Map<string, string>();
    const addItems = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const { id, revisionId } = await createCandidate(getDb(), projectId);
        revisions.set(id, revisionId);
      }
    };
    await addItems(18);

    /**
     * One annotator works through their to-do queue, three items a page, deciding a page's items at
     * once (so their decisions race the others'), until it is empty. Returns every item handed to them.
     */
    const walk = async (who: Who, round: number) => {
      const handed: string[] = [];
      const outcomes: number[] = [];
      for (let pages = 0; pages < 50; pages++) {
        const { items } = await page(who, slug, "todo=mine&hideClaimed=others&limit=3");
        if (!items.length) break;
        handed.push(...items.map((item) => item.id));
        for (const item of items) expect(item).toMatchObject({ reviewStatus: "PENDING", required: 2 });
        const results = await Promise.all(
          // Ann accepts everything; Bob rejects every third item; Cat rejects every other one: some disputes.
          items.map((item, i) =>
            decideAs(
              who,
              item.id,
              revisions.get(item.id)!,
              who === "bob" && (i + round) % 3 === 0 ? "reject" : who === "cat" && i % 2 ? "reject" : "accept",
            ),
          ),
        );
        outcomes.push(...results.map((r) => r.status));
      }
      return { who, handed, outcomes };
    };

    const tally = async (round: number, needingDecisions: number) => {
      const walks = await Promise.all(annotators.map((who) => walk(who, round)));
      for (const { handed, outcomes } of walks) {
        // Never twice to the same annotator; a decision refused only because the item was settled meanwhile (409).
        expect(new Set(handed).size).toBe(handed.length);
        expect(outcomes.every((status) => status === 201 || status === 409)).toBe(true);
      }
      const items = await getDb().candidate.findMany({
        where: { projectId },
        select: { id: true, reviewStatus: true, reviews: { where: { reopening: null }, select: { reviewerId: true, decision: true } } },
      });
      for (const item of items) {
        expect(item.reviews).toHaveLength(2);
        expect(new Set(item.reviews.map((r) => r.reviewerId)).size).toBe(2);
        const agree = item.reviews[0]!.decision === item.reviews[1]!.decision;
        expect(item.reviewStatus).toBe(agree ? (item.reviews[0]!.decision === "ACCEPT" ? "ACCEPTED" : "REJECTED") : "DISPUTED");
      }
      // The 201s are exactly the decisions the round's items needed: none stored beyond two per item.
      const created = walks.flatMap((w) => w.outcomes).filter((s) => s === 201).length;
      expect(created).toBe(needingDecisions * 2);
      for (const who of annotators) expect((await page(who, slug, "todo=mine")).items).toEqual([]);
      return { items: items.length, disputed: items.filter((i) => i.reviewStatus === "DISPUTED").length, walks };
    };

    const first = await tally(0, 18);
    expect(first.items).toBe(18);

    // Again: more items, and a third of the settled ones reopened (they need two fresh decisions; their
    // deciders may be handed them again, since their decisions were taken back).
    await addItems(9);
    const settled = await getDb().candidate.findMany({
      where: { projectId, reviewStatus: { in: ["ACCEPTED", "REJECTED"] } },
      select: { id: true },
    });
    const reopened = settled.filter((_, i) => i % 3 === 0).map((s) => s.id);
    for (const id of reopened)
      expect((await call(reopen, "POST", `/api/candidates/${id}/reopen`, { id }, { reason: "look again" }, cookies.ann)).status).toBe(201);
    const second = await tally(1, 9 + reopened.length);
    expect(second.items).toBe(27);
    // Every reopened and every new item was handed out again in the second walk; nothing else was.
    const handedAgain = new Set(second.walks.flatMap((w) => w.handed));
    const fresh = [...revisions.keys()].slice(18);
    expect([...handedAgain].sort()).toEqual([...reopened, ...fresh].sort());
  });

  it("leaves out items another annotator has claimed with hideClaimed, and what the viewer took back comes back", async () => {
    const slug = "todo-claims";
    await project(slug, { overlap: 2 });
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug } })).id;
    const [a, b] = [await createCandidate(getDb(), projectId), await createCandidate(getDb(), projectId)];
    expect((await call(claim, "POST", `/api/candidates/${a.id}/claim`, { id: a.id }, {}, cookies.bob)).status).toBe(200);
    expect((await page("ann", slug, "todo=mine&hideClaimed=others")).items.map((i) => i.id)).toEqual([b.id]);
    expect((await page("bob", slug, "todo=mine&hideClaimed=others")).items.map((i) => i.id)).toEqual([b.id, a.id]);
    expect((await decideAs("ann", b.id, b.revisionId, "accept")).status).toBe(201);
    expect((await page("ann", slug, "todo=mine")).items.map((i) => i.id)).toEqual([a.id]);
    // Still pending, so in Bob's queue, with Ann's decision counted.
    expect((await page("bob", slug, "todo=mine")).items.find((i) => i.id === b.id)).toMatchObject({ decided: 1, required: 2 });
    await call(reopen, "POST", `/api/candidates/${b.id}/reopen`, { id: b.id }, { reason: "not sure" }, cookies.ann);
    expect((await page("ann", slug, "todo=mine")).items.map((i) => i.id)).toEqual([b.id, a.id]);
    // review=DISPUTED: the adjudication queue.
    await decideAs("ann", b.id, b.revisionId, "accept");
    await decideAs("cat", b.id, b.revisionId, "reject");
    expect((await page("ann", slug, "review=DISPUTED")).items.map((i) => [i.id, i.reviewStatus, i.decided])).toEqual([
      [b.id, "DISPUTED", 2],
    ]);
    expect((await page("bob", slug, "todo=mine")).items.map((i) => i.id)).toEqual([a.id]);
  });

  it("asks the overlap of the share it draws (0: every item needs one) and of each language", async () => {
    const none = await project("todo-share-0", { overlap: 3, overlapShare: 0 });
    const item = await createCandidate(getDb(), none);
    expect((await page("ann", "todo-share-0", "todo=mine")).items).toMatchObject([{ id: item.id, required: 1 }]);
    expect((await decideAs("ann", item.id, item.revisionId, "reject")).body).toMatchObject({
      reviewStatus: "REJECTED",
      decided: 1,
      required: 1,
    });

    const half = await project("todo-share-half", { overlap: 2, overlapShare: 0.5 });
    const items = [];
    for (let i = 0; i < 16; i++) items.push(await createCandidate(getDb(), half));
    const listed = (await page("ann", "todo-share-half", "todo=mine&limit=100")).items;
    const expected = new Map(items.map((c) => [c.id, overlapDraw(c.id) < 0.5 ? 2 : 1]));
    expect(new Map(listed.map((i) => [i.id, i.required]))).toEqual(expected);
    // Both kinds occur among 16 draws (the chance that they do not is 2 in 65,536, and the ids are fixed once made).
    const spot = items.find((c) => expected.get(c.id) === 2)!;
    const single = items.find((c) => expected.get(c.id) === 1)!;
    expect((await decideAs("ann", spot.id, spot.revisionId, "accept")).body).toMatchObject({ reviewStatus: "PENDING", required: 2 });
    expect((await decideAs("ann", single.id, single.revisionId, "accept")).body).toMatchObject({ reviewStatus: "ACCEPTED", required: 1 });

    const byLanguage = await project("todo-language", { overlap: 1, overlapByLanguage: { rust: 3 } });
    const py = await createCandidate(getDb(), byLanguage);
    const rs = await createCandidate(getDb(), byLanguage);
    await getDb().candidate.update({ where: { id: rs.id }, data: { language: "rust" } });
    expect((await decideAs("ann", py.id, py.revisionId, "accept")).body).toMatchObject({ reviewStatus: "ACCEPTED", required: 1 });
    expect((await decideAs("ann", rs.id, rs.revisionId, "accept")).body).toMatchObject({
      reviewStatus: "PENDING",
      decided: 1,
      required: 3,
    });
    expect((await decideAs("bob", rs.id, rs.revisionId, "accept")).body).toMatchObject({ reviewStatus: "PENDING", decided: 2 });
    expect((await decideAs("cat", rs.id, rs.revisionId, "accept")).body).toMatchObject({ reviewStatus: "ACCEPTED", decided: 3 });
  });
});
