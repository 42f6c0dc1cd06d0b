import "server-only";
import type { Db } from "@/lib/db/client";
import type { ProjectPage } from "@/lib/projects/types";

/** Newest first, a page at a time (keyset on the time-ordered id: stable under inserts). */
export async function listProjects({
  db,
  cursor,
  limit,
  only,
}: {
  db: Db;
  cursor?: string;
  limit: number;
  only?: string[];
}): Promise<ProjectPage> {
  const rows = await db.project.findMany({
    where: { ...(cursor ? { id: { lt: cursor } } : {}), ...(only ? { id: { in: only, ...(cursor ? { lt: cursor } : {}) } } : {}) },
    orderBy: { id: "desc" },
    take: limit + 1,
    select: { id: true, slug: true, name: true, description: true, languages: true, snippetCount: true, createdAt: true },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}
