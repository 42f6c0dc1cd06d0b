import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { candidateCounts } from "@/lib/projects/candidate-counts";

const db = createDb(env.DATABASE_URL!, { max: 6 });
afterAll(() => db.$disconnect());

/** What grouping the candidates themselves answers: the maintained counts must always equal it. */
async function groupedCandidates(projectId: string) {
  const rows = await db.candidate.groupBy({
    by: ["language", "source", "verificationStatus", "reviewStatus"],
    where: { projectId },
    _count: true,
  });
  return rows.map((r) => ({
    language: r.language,
    source: r.source as string,
    verificationStatus: r.verificationStatus as string,
    reviewStatus: r.reviewStatus as string,
    count: r._count,
  }));
}

const sorted = <T extends { language: string; verificationStatus: string; reviewStatus: string }>(rows: T[]) =>
  [...rows].sort((a, b) =>
    `${a.language}/${a.verificationStatus}/${a.reviewStatus}`.localeCompare(`${b.language}/${b.verificationStatus}/${b.reviewStatus}`),
  );

describe("a project's maintained candidate counts", () => {
  it("follow inserts, updates that move items between statuses, deletes and bulk statements, and fold without changing", async () => {
    const project = await db.project.create({ data: { slug: "counts", name: "Counts", languages: [], settings: {} } });
    const other = await db.project.create({ data: { slug: "counts-other", name: "Other", languages: [], settings: {} } });
    await db.candidate.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        projectId: project.id,
        language: i % 3 ? "rust" : "go",
        verificationStatus: i % 2 ? ("PASS" as const) : ("FAIL" as const),
      })),
    });
    await db.candidate.create({ data: { projectId: other.id, language: "go" } });
    const [first] = await db.candidate.findMany({ where: { projectId: project.id, language: "go" }, take: 1 });
    await db.candidate.update({ where: { id: first!.id }, data: { reviewStatus: "ACCEPTED" } });
    // An update that moves nothing between keys (a claim, a score) appends no count.
    const before = await db.candidateCount.count({ where: { projectId: project.id } });
    await db.candidate.updateMany({ where: { projectId: project.id }, data: { totalScore: 4 } });
    expect(await db.candidateCount.count({ where: { projectId: project.id } })).toBe(before);
    await db.candidate.updateMany({
      where: { projectId: project.id, language: "rust", verificationStatus: "FAIL" },
      data: { reviewStatus: "DISPUTED" },
    });
    await db.candidate.deleteMany({
      where: { projectId: project.id, language: "go", reviewStatus: "PENDING", verificationStatus: "PASS" },
    });
    expect(sorted(await candidateCounts(db, project.id))).toEqual(sorted(await groupedCandidates(project.id)));
    expect(await candidateCounts(db, other.id)).toEqual([
      { language: "go", source: "DS3", verificationStatus: "PENDING", reviewStatus: "PENDING", count: 1 },
    ]);

    // Hundreds of single-item decisions pile rows up: the next read folds them to one per key, same counts.
    const items = await db.candidate.findMany({ where: { projectId: project.id, reviewStatus: "PENDING" }, select: { id: true } });
    for (let round = 0; round < 12; round++)
      for (const item of items)
        await db.candidate.update({ where: { id: item.id }, data: { reviewStatus: round % 2 ? "PENDING" : "REJECTED" } });
    const expected = sorted(await groupedCandidates(project.id));
    expect(sorted(await candidateCounts(db, project.id))).toEqual(expected);
    expect(await db.candidateCount.count({ where: { projectId: project.id } })).toBe(expected.length);
    expect(sorted(await candidateCounts(db, project.id))).toEqual(expected);
  });

  it("lose and double nothing when writers and folds run at the same time", async () => {
    const project = await db.project.create({ data: { slug: "counts-race", name: "Race", languages: [], settings: {} } });
    await db.candidate.createMany({ data: Array.from({ length: 40 }, () => ({ projectId: project.id, language: "python" })) });
    const ids = (await db.candidate.findMany({ where: { projectId: project.id }, select: { id: true } })).map((c) => c.id);
    const writer = async (slice: string[]) => {
      for (let round = 0; round < 8; round++)
        for (const id of slice) await db.candidate.update({ where: { id }, data: { verificationStatus: round % 2 ? "PENDING" : "PASS" } });
    };
    const reader = async () => {
      for (let i = 0; i < 20; i++) await candidateCounts(db, project.id);
    };
    await Promise.all([writer(ids.slice(0, 20)), writer(ids.slice(20)), reader(), reader()]);
    expect(sorted(await candidateCounts(db, project.id))).toEqual(sorted(await groupedCandidates(project.id)));
  });

  it("go with the project, whose deletion removes its candidates", async () => {
    const project = await db.project.create({ data: { slug: "counts-gone", name: "Gone", languages: [], settings: {} } });
    await db.candidate.create({ data: { projectId: project.id, language: "go" } });
    await db.project.delete({ where: { id: project.id } });
    expect(await db.candidateCount.count({ where: { projectId: project.id } })).toBe(0);
  });
});
