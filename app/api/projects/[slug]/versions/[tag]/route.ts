import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { versionStatistics } from "@/lib/datasets/statistics";
import { getDatasetVersion } from "@/lib/datasets/versions";

export const dynamic = "force-dynamic";

/** One version with its figures (null while it is being cut, or when the cut failed: see `version.status` and `version.error`). */
export const GET = route<{ slug: string; tag: string }>(
  "project:read",
  async ({ projectId }, params) => {
    const db = getDb();
    const version = await getDatasetVersion({ db, projectId, tag: params.tag });
    const statistics = version.status === "READY" ? await versionStatistics({ db, versionId: version.id }) : null;
    return Response.json({ version, statistics });
  },
  { project: "slug" },
);
