import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { listVersionItems } from "@/lib/datasets/version-items";
import { ItemsQuery } from "@/lib/datasets/version-types";
import { readyDatasetVersion } from "@/lib/datasets/versions";
import { parseInput, queryOf } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * A page of the version's records, in position order: `?language=&source=DS1|DS2|DS3|HUMAN_EDIT&minScore=&tests=present|absent&verified=true|false&cursor=<last position>&limit=`.
 * A malformed filter is a 400 naming it.
 */
export const GET = route<{ slug: string; tag: string }>(
  "project:read",
  async ({ request, projectId }, params) => {
    const query = parseInput(ItemsQuery, queryOf(request), "query");
    const db = getDb();
    const version = await readyDatasetVersion({ db, projectId, tag: params.tag });
    return Response.json(await listVersionItems({ db, versionId: version.id, query }));
  },
  { project: "slug" },
);
