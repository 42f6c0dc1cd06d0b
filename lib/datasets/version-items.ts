import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ItemsQuery, VersionItem, VersionItemsPage } from "@/lib/datasets/version-types";

/**
 * A version's records, a page at a time: keyset pages on (version, position), which is unique and
 * indexed, so the hundredth page costs what the first does. Filters narrow the page, never the order.
 */
export async function listVersionItems({
  db,
  versionId,
  query,
}: {
  db: Db;
  versionId: string;
  query: ItemsQuery;
}): Promise<VersionItemsPage> {
  const where: Prisma.DatasetItemWhereInput = {
    versionId,
    ...(query.cursor !== undefined ? { position: { gt: query.cursor } } : {}),
    ...(query.language ? { language: query.language } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.minScore !== undefined ? { score: { gte: query.minScore } } : {}),
    ...(query.tests === "present" ? { AND: [{ tests: { not: null } }, { tests: { not: "" } }] } : {}),
    ...(query.tests === "absent" ? { OR: [{ tests: null }, { tests: "" }] } : {}),
    ...(query.verified ? { verified: query.verified === "true" } : {}),
  };
  const rows = await db.datasetItem.findMany({
    where,
    orderBy: { position: "asc" },
    take: query.limit + 1,
    select: {
      position: true,
      itemKey: true,
      source: true,
      language: true,
      instruction: true,
      solution: true,
      tests: true,
      score: true,
      verified: true,
    },
  });
  const items: VersionItem[] = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? items.at(-1)!.position : null };
}
