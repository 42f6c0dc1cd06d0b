import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { renderDatasetCard } from "@/lib/datasets/card";
import { readyDatasetVersion } from "@/lib/datasets/versions";

export const dynamic = "force-dynamic";

/** The version's dataset card (the README.md its exports carry), as markdown. */
export const GET = route<{ slug: string; tag: string }>(
  "project:read",
  async ({ projectId }, params) => {
    const db = getDb();
    const version = await readyDatasetVersion({ db, projectId, tag: params.tag });
    return new Response(await renderDatasetCard({ db, versionId: version.id }), {
      headers: { "content-type": "text/markdown; charset=utf-8" },
    });
  },
  { project: "slug" },
);
