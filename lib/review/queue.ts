import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { claimView } from "@/lib/review/claims";
import { requiredDecisions } from "@/lib/review/overlap";
import { queueWhere } from "@/lib/review/queue-filter";
import type { QueuePage, QueueQuery } from "@/lib/review/queue-types";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/**
 * A page of a project's candidates for review. Keyset pagination (never OFFSET): by id for
 * "newest" and "oldest", by (score, id) for "score", so a page costs the same deep in a list of 100 k.
 */
export async function reviewQueue(db: Db, projectId: string, query: QueueQuery, viewerId?: string): Promise<QueuePage> {
  const now = new Date();
  const where = queueWhere(projectId, query, viewerId, now);
  let after: Prisma.CandidateWhereInput = {};
  if (query.cursor) {
    const [score, id] = query.cursor.includes(":")
      ? [Number(query.cursor.split(":")[0]), query.cursor.split(":")[1]!]
      : [undefined, query.cursor];
    // "score ≤ s and (score < s or id < id)" rather than "score < s or (score = s and id < id)": the
    // same rows, but PostgreSQL reads it as a range of the score index instead of from its top.
    after =
      query.sort === "score" && score !== undefined
        ? { totalScore: { lte: score }, OR: [{ totalScore: { lt: score } }, { id: { lt: id } }] }
        : query.sort === "oldest"
          ? { id: { gt: id } }
          : { id: { lt: id } };
  }
  const [project, rows] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } }),
    db.candidate.findMany({
      where: { AND: [where, after] },
      orderBy:
        query.sort === "score"
          ? [{ totalScore: { sort: "desc", nulls: "last" } }, { id: "desc" }]
          : [{ id: query.sort === "oldest" ? "asc" : "desc" }],
      take: query.limit + 1,
      select: {
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
      },
    }),
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
    nextCursor:
      rows.length > query.limit && last
        ? query.sort === "score" && last.totalScore !== null
          ? `${last.totalScore}:${last.id}`
          : last.id
        : null,
  };
}
