import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { diffDatasetVersions } from "@/lib/datasets/diff";
import { diffDatasetItems } from "@/lib/datasets/diff-items";
import { DiffQuery } from "@/lib/datasets/version-types";
import { readyDatasetVersion } from "@/lib/datasets/versions";
import { parseInput, queryOf } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * What changed from `?against=<tag>` to this version: items added, removed and changed per language,
 * with example keys, and a page of the differing items (`kind`, `cursor`: the last key seen, `limit`).
 */
export const GET = route<{ slug: string; tag: string }>(
  "project:read",
  async ({ request, projectId }, params) => {
    const { against, kind, cursor, limit } = parseInput(DiffQuery, queryOf(request), "query");
    const db = getDb();
    const to = await readyDatasetVersion({ db, projectId, tag: params.tag });
    const from = await readyDatasetVersion({ db, projectId, tag: against });
    return Response.json({
      from: from.tag,
      to: to.tag,
      ...(await diffDatasetVersions({ db, fromVersionId: from.id, toVersionId: to.id })),
      ...(await diffDatasetItems({ db, fromVersionId: from.id, toVersionId: to.id, kind, cursor, limit })),
    });
  },
  { project: "slug" },
);
