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
    // Three unscored items last: the score sort reaches them from a scored cursor, and pages on among them.
    const scores = [4.5, 3, 4.5, 5, 2, 4.5, 3.5, null, null, null];
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
    expect(byScore.map((id) => scores[ids.indexOf(id)])).toEqual([5, 4.5, 4.5, 4.5, 3.5, 3, 2, null, null, null]);
    expect(new Set(byScore).size).toBe(10);
    // Ties newest first, also across a page's end (page 2 starts inside the 4.5s, then the lower scores).
    const order = ids.map((id, i) => ({ id, score: scores[i] ?? -Infinity }));
    expect(byScore).toEqual(order.sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : -1)).map((c) => c.id));
    // go: the odd ones; passing: those not divisible by 3 → 7, 5 and 1, newest first.
    expect(await all({ language: "go", verification: "PASS" })).toEqual([ids[7], ids[5], ids[1]]);
    expect((await all({ minScore: "4.5" })).length).toBe(4);
    expect(QueueQuery.safeParse({ cursor: "nonsense" }).success).toBe(false);
  });
});

describe("the queue's search and source filter", () => {
  it("finds identifiers as typed (parse_int, parseInt) and words of the instruction, in the current revision only", async () => {
    const project = await db.project.create({ data: { slug: "search", name: "search", languages: [], settings: {} } });
    const make = async (instruction: string, solution: string, tests: string, source: "DS1" | "DS3" = "DS3") => {
      const c = await db.candidate.create({ data: { projectId: project.id, language: "go", source } });
      const r = await db.revision.create({ data: { candidateId: c.id, number: 1, authorKind: "AGENT", instruction, solution, tests } });
      await db.candidate.update({ where: { id: c.id }, data: { currentRevisionId: r.id } });
      return c.id;
    };
    const snake = await make("Convert text to a number.", "def parse_int(s):\n    return int(s)", "assert parse_int('3') == 3");
    const camel = await make(
      "Convert text to a number.",
      "function parseInt2(s) { return Number(s) }",
      "expect(parseInt2('3')).toBe(3)",
      "DS1",
    );
    const words = await make("Reverse the words of a SENTENCE.", "x", "y");
    const find = async (q: string, extra: Record<string, string> = {}) =>
      (await reviewQueue(db, project.id, QueueQuery.parse({ q, ...extra }))).items.map((item) => item.id);
    expect(await find("parse_int")).toEqual([snake]);
    expect(await find("PARSEINT")).toEqual([camel]);
    expect(await find("sentence reverse")).toEqual([words]);
    expect(await find("number convert")).toEqual([camel, snake]);
    expect(await find("number convert", { source: "seeds" })).toEqual([camel]);
    expect(await find("number", { source: "synthesized" })).toEqual([snake]);
    expect(await find("nowhere")).toEqual([]);
    // An edit that removes the word takes the item out of the results: only the current revision counts.
    const r2 = await db.revision.create({
      data: { candidateId: words, number: 2, authorKind: "HUMAN", instruction: "Flip it.", solution: "x", tests: "y" },
    });
    await db.candidate.update({ where: { id: words }, data: { currentRevisionId: r2.id } });
    expect(await find("sentence")).toEqual([]);
    expect((await reviewQueue(db, project.id, QueueQuery.parse({ q: "flip" }))).items[0]).toMatchObject({ id: words, source: "DS3" });
  });

  it("searches the revisions through the trigram indexes", async () => {
    const indexes = await db.$queryRaw<
      { indexname: string }[]
    >`select indexname from pg_indexes where tablename = 'revisions' and indexdef like '%gin_trgm_ops%' order by 1`;
    expect(indexes.map((i) => i.indexname)).toEqual([
      "revisions_instruction_trgm_idx",
      "revisions_solution_trgm_idx",
      "revisions_tests_trgm_idx",
    ]);
  });
});
