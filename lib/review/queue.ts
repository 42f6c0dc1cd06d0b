import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { claimView } from "@/lib/review/claims";
import { requiredDecisions } from "@/lib/review/overlap";
import { queueWhere } from "@/lib/review/queue-filter";
import type { QueuePage, QueueQuery } from "@/lib/review/queue-types";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * A page of a project's candidates for review. Keyset pagination (never OFFSET): by id for
 * "newest" and "oldest", by (score, id) for "score", so a page costs the same deep in a list of 1 M.
 */
const QUEUE_ITEM = {
  id: true,
  language: true,
  source: true,
  sourceLanguage: true,
  reviewStatus: true,
  verificationStatus: true,
  totalScore: true,
  createdAt: true,
  claimedById: true,
  claimExpiresAt: true,
  claimedBy: { select: { email: true } },
  currentRevision: { select: { number: true, instruction: true } },
  contaminated: true,
  duplicateOfId: true,
  difficulty: true,
  solveRate: true,
  coverage: true,
} satisfies Prisma.CandidateSelect;

export async function reviewQueue(db: Db, projectId: string, query: QueueQuery, viewerId?: string): Promise<QueuePage> {
  const now = new Date();
  const where = queueWhere(projectId, query, viewerId, now);
  const orderBy: Prisma.CandidateOrderByWithRelationInput[] =
    query.sort === "score"
      ? [{ totalScore: { sort: "desc", nulls: "last" } }, { id: "desc" }]
      : [{ id: query.sort === "oldest" ? "asc" : "desc" }];
  const take = query.limit + 1;
  const read = (after: Prisma.CandidateWhereInput, count: number) =>
    db.candidate.findMany({ where: { AND: [where, after] }, orderBy, take: count, select: QUEUE_ITEM });
  const [project, rows] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } }),
    (async () => {
      if (!query.cursor) return read({}, take);
      const [key, id] = query.cursor.includes(":") ? (query.cursor.split(":") as [string, string]) : [undefined, query.cursor];
      if (query.sort !== "score" || key === undefined) return read({ id: query.sort === "oldest" ? { gt: id } : { lt: id } }, take);
      // The rest of the cursor's score, then the lower scores, then the unscored items (last): each
      // a range of the score index that starts where the page does. As one condition ("score ≤ s and
      // (score < s or id < id)") the range started at the top of score s and read past every item
      // tied there before the cursor: scores take few values, so at 1 M items that was thousands of
      // rows (150 ms) a deep page.
      const score = Number(key);
      const ranges: Prisma.CandidateWhereInput[] =
        key === "null"
          ? [{ totalScore: null, id: { lt: id } }]
          : [{ totalScore: score, id: { lt: id } }, { totalScore: { lt: score } }, { totalScore: null }];
      const rows: Awaited<ReturnType<typeof read>> = [];
      for (const range of ranges) if (rows.length < take) rows.push(...(await read(range, take - rows.length)));
      return rows;
    })(),
  ]);
  const review = parseProjectSettings(project.settings).review;
  const page = rows.slice(0, query.limit);
  // The standing annotator decisions of this page's items only (Prisma's relation _count grouped the
  // whole reviews table before joining: its cost grew with every review ever made).
  const counts = page.length
    ? await db.review.groupBy({
        by: ["candidateId"],
        where: { candidateId: { in: page.map((c) => c.id) }, kind: "ANNOTATION", reopening: null },
        _count: { _all: true },
      })
    : [];
  const decided = new Map(counts.map((c) => [c.candidateId, c._count._all]));
  const last = page.at(-1);
  return {
    items: page.map((c) => ({
      id: c.id,
      language: c.language,
      source: c.source,
      sourceLanguage: c.sourceLanguage,
      reviewStatus: c.reviewStatus,
      verificationStatus: c.verificationStatus,
      totalScore: c.totalScore,
      instruction: (c.currentRevision?.instruction ?? "").slice(0, 300),
      revision: c.currentRevision?.number ?? null,
      createdAt: c.createdAt.toISOString(),
      claim: claimView(c, viewerId, now),
      contaminated: c.contaminated,
      duplicateOf: c.duplicateOfId,
      difficulty: c.difficulty,
      solveRate: c.solveRate,
      coverage: c.coverage,
      decided: decided.get(c.id) ?? 0,
      required: requiredDecisions(review, c),
    })),
    nextCursor: rows.length > query.limit && last ? (query.sort === "score" ? `${last.totalScore ?? "null"}:${last.id}` : last.id) : null,
  };
}
