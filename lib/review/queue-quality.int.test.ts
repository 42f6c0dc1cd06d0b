import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { bulkDecide } from "@/lib/review/bulk-decide";
import { candidateDetail } from "@/lib/review/candidate";
import { reviewQueue } from "@/lib/review/queue";
import { QueueFilter, QueueQuery } from "@/lib/review/queue-types";

/** The queue's quality filters and one item's quality flags, against real PostgreSQL. */

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const HIT = {
  benchmark: "HumanEval",
  taskId: "HumanEval/0",
  field: "instruction",
  score: 0.82,
  overlap: "check if in given list of numbers, are any two numbers closer to each other than given threshold",
  benchmarkText: "Check if in given list of numbers, are any two numbers closer to each other than given threshold.",
};
let projectId = "";
const ids: Record<"leak" | "dup" | "goTwin" | "unsolved" | "unchecked", string> = {} as never;

async function item(language: string, instruction: string, data: Record<string, unknown> = {}) {
  const c = await db.candidate.create({ data: { projectId, language, ...data } });
  const r = await db.revision.create({
    data: { candidateId: c.id, number: 1, authorKind: "AGENT", instruction, solution: "s", tests: "t" },
  });
  await db.candidate.update({ where: { id: c.id }, data: { currentRevisionId: r.id } });
  return { id: c.id, revisionId: r.id };
}

beforeAll(async () => {
  projectId = (await db.project.create({ data: { slug: "quality-queue", name: "q", languages: [], settings: {} } })).id;
  const cluster = await db.duplicateCluster.create({ data: { projectId, size: 3, languages: ["go", "python"], crossLingual: true } });
  const leak = await item("python", "Are two numbers closer than a threshold?", {
    contaminated: true,
    contamination: HIT,
    difficulty: "EASY",
    solveRate: 1,
    coverage: 0.9,
    clusterId: cluster.id,
  });
  ids.leak = leak.id;
  ids.dup = (
    await item("python", "Do any two numbers lie closer than t?", {
      difficulty: "HARD",
      solveRate: 0.25,
      coverage: 0.5,
      clusterId: cluster.id,
      duplicateOfId: leak.id,
    })
  ).id;
  ids.goTwin = (
    await item("go", "Closest pair under a threshold, in Go.", { difficulty: "MEDIUM", solveRate: 0.5, clusterId: cluster.id })
  ).id;
  const unsolved = await item("rust", "Parse a date in any format.", { difficulty: "UNSOLVED", solveRate: 0 });
  ids.unsolved = unsolved.id;
  ids.unchecked = (await item("rust", "Reverse a list.")).id;
  await db.solveCheck.create({
    data: {
      candidateId: unsolved.id,
      revisionId: unsolved.revisionId,
      language: "rust",
      interface: "fn parse_date(s: &str) -> Option<(i32, u32, u32)>",
      tests: '#[test] fn t() { assert_eq!(parse_date("2024-01-02"), Some((2024, 1, 2))); }',
      samples: 3,
      passed: 0,
      solveRate: 0,
      difficulty: "UNSOLVED",
      ownSolutionStatus: "FAIL",
      ownTestsStatus: "PASS",
      failingOutput: "assertion failed: left: None, right: Some((2024, 1, 2))",
      trials: {
        create: [0, 1, 2].map((index) => ({
          index,
          solution: `fn parse_date() {} // ${index}`,
          status: "FAIL" as const,
          reason: "assertion failed",
          outputTokens: 40 + index,
          durationMs: 120,
        })),
      },
    },
  });
});

const find = async (raw: Record<string, string>) => (await reviewQueue(db, projectId, QueueQuery.parse(raw))).items.map((i) => i.id);

describe("the queue's quality filters", () => {
  it("select by contamination, duplicates, difficulty (any of several) and coverage, each item carrying its flags", async () => {
    expect(await find({ contaminated: "yes" })).toEqual([ids.leak]);
    expect((await find({ contaminated: "no" })).sort()).toEqual([ids.dup, ids.goTwin, ids.unsolved, ids.unchecked].sort());
    expect(await find({ duplicates: "only" })).toEqual([ids.dup]);
    expect(await find({ duplicates: "hide" })).not.toContain(ids.dup);
    expect(await find({ difficulty: "EASY,HARD" })).toEqual([ids.dup, ids.leak]);
    expect(await find({ difficulty: "UNSOLVED", language: "rust" })).toEqual([ids.unsolved]);
    expect(await find({ minCoverage: "60" })).toEqual([ids.leak]);
    expect(await find({ minCoverage: "50", duplicates: "hide" })).toEqual([ids.leak]);
    const [leak] = (await reviewQueue(db, projectId, QueueQuery.parse({ contaminated: "yes" }))).items;
    expect(leak).toMatchObject({ contaminated: true, duplicateOf: null, difficulty: "EASY", solveRate: 1, coverage: 0.9 });
    const [dup] = (await reviewQueue(db, projectId, QueueQuery.parse({ duplicates: "only" }))).items;
    expect(dup).toMatchObject({ contaminated: false, duplicateOf: ids.leak, difficulty: "HARD" });
  });

  it("refuses an unknown difficulty or coverage out of range, naming the field", () => {
    const bad = QueueQuery.safeParse({ difficulty: "EASY,TRIVIAL" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path[0]).toBe("difficulty");
    expect(bad.error!.issues[0]!.message).toContain("EASY, MEDIUM, HARD, UNSOLVED");
    expect(QueueQuery.safeParse({ minCoverage: "120" }).success).toBe(false);
    expect(QueueQuery.safeParse({ contaminated: "maybe" }).success).toBe(false);
  });

  it("a bulk decision takes the same filters: it counts exactly the items the queue shows", async () => {
    const reviewer = await db.user.create({ data: { email: "bulk@quality.test", passwordHash: "x" } });
    const filter = QueueFilter.parse({ difficulty: "EASY,HARD", contaminated: "no" });
    const outcome = await bulkDecide({
      db,
      projectId,
      filter,
      decision: "reject",
      comment: "too easy or too hard",
      reviewer: { kind: "user", userId: reviewer.id, email: reviewer.email, admin: false, projectRoles: {} },
      dryRun: true,
      audit: () => Promise.reject(new Error("a dry run writes nothing")),
    });
    expect(outcome).toMatchObject({ matched: 1, changed: 1, ids: [ids.dup] });
    expect(await find({ difficulty: "EASY,HARD", contaminated: "no" })).toEqual([ids.dup]);
  });
});

describe("an item's quality flags", () => {
  it("show the leak with the benchmark's text, the item kept in a duplicate's place, the cluster's other languages, and the independent check", async () => {
    const leak = await candidateDetail(db, ids.leak);
    expect(leak.quality).toMatchObject({ contaminated: true, contamination: HIT, difficulty: "EASY", coverage: 0.9, check: null });
    expect(leak.quality.cluster).toMatchObject({ size: 3, crossLingual: true });
    expect(leak.quality.cluster!.members.map((m) => [m.language, m.duplicateOfId])).toEqual([
      ["go", null],
      ["python", ids.leak],
    ]);
    const dup = await candidateDetail(db, ids.dup);
    expect(dup.quality.duplicateOf).toEqual({ id: ids.leak, language: "python", instruction: "Are two numbers closer than a threshold?" });
    const unsolved = await candidateDetail(db, ids.unsolved);
    expect(unsolved.quality.check).toMatchObject({
      revision: 1,
      samples: 3,
      passed: 0,
      difficulty: "UNSOLVED",
      ownSolutionStatus: "FAIL",
      ownTestsStatus: "PASS",
      failingOutput: expect.stringContaining("assertion failed"),
    });
    expect(unsolved.quality.check!.trials.map((t) => [t.index, t.status, t.outputTokens])).toEqual([
      [0, "FAIL", 40],
      [1, "FAIL", 41],
      [2, "FAIL", 42],
    ]);
    expect((await candidateDetail(db, ids.unchecked)).quality).toMatchObject({
      contaminated: false,
      contamination: null,
      cluster: null,
      check: null,
      difficulty: null,
    });
  });
});
