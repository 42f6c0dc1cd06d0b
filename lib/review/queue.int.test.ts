import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { reviewQueue } from "@/lib/review/queue";
import { QueueQuery } from "@/lib/review/queue-types";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

describe("the review queue", () => {
  it("filters, sorts by recency or score, and pages by key to the end without repeats", async () => {
    const project = await db.project.create({ data: { slug: "queue", name: "queue", languages: [], settings: {} } });
    const scores = [4.5, 3, 4.5, 5, 2, 4.5, 3.5];
    const ids: string[] = [];
    for (const [i, totalScore] of scores.entries()) {
      const c = await db.candidate.create({
        data: { projectId: project.id, language: i % 2 ? "go" : "rust", totalScore, verificationStatus: i % 3 ? "PASS" : "FAIL" },
      });
      const r = await db.revision.create({
        data: { candidateId: c.id, number: 1, authorKind: "AGENT", instruction: `problem ${i}`, solution: "s", tests: "t" },
      });
      await db.candidate.update({ where: { id: c.id }, data: { currentRevisionId: r.id } });
      ids.push(c.id);
    }
    const all = async (raw: Record<string, string>) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await reviewQueue(db, project.id, QueueQuery.parse({ ...raw, limit: "3", ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await all({})).toEqual([...ids].reverse());
    expect(await all({ sort: "oldest" })).toEqual(ids);
    const byScore = await all({ sort: "score" });
    expect(byScore.map((id) => scores[ids.indexOf(id)])).toEqual([5, 4.5, 4.5, 4.5, 3.5, 3, 2]);
    expect(new Set(byScore).size).toBe(7);
    // go: the odd ones; passing: those not divisible by 3 → 5 and 1, newest first.
    expect(await all({ language: "go", verification: "PASS" })).toEqual([ids[5], ids[1]]);
    expect((await all({ minScore: "4.5" })).length).toBe(4);
    expect(QueueQuery.safeParse({ cursor: "nonsense" }).success).toBe(false);
  });
});
