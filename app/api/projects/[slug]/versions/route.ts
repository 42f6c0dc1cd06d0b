import { route } from "@/lib/auth/request";
import { getDb } from "@/lib/db/client";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { CreateVersionBody } from "@/lib/datasets/version-types";
import { getDatasetVersion, listDatasetVersions } from "@/lib/datasets/versions";
import { parseInput } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The project's dataset versions, newest first. */
export const GET = route<{ slug: string }>(
  "project:read",
  async ({ projectId }) => {
    return Response.json({ versions: await listDatasetVersions({ db: getDb(), projectId }) });
  },
  { project: "slug" },
);

/** Cuts a version from the accepted items (and kept seed pairs), frozen from now on: `{ tag, notes?, languages?, minScore?, verifiedOnly?, sources?, includeUnreviewed?, includeContaminated?, keepDuplicates?, minAgreeingDecisions? }`. */
export const POST = route<{ slug: string }>(
  "dataset:version",
  async ({ request, principal, projectId, audit }) => {
    const { tag, notes, ...filters } = parseInput(CreateVersionBody, await request.json().catch(() => null), "version");
    const db = getDb();
    const cut = await createDatasetVersion({ db, projectId, tag, notes, filters, createdById: principal.userId });
    const { error: _error, ...version } = await getDatasetVersion({ db, projectId, tag });
    await audit(
      "dataset.version.create",
      { type: "dataset_version", id: cut.id },
      {
        after: {
          tag,
          filters: version.filters,
          itemCount: cut.itemCount,
          pairCount: cut.pairCount,
          contentHash: cut.contentHash,
          removed: cut.quality.removed,
          ...(cut.agreement.minAgreeingDecisions !== null ? { removedForAgreement: cut.agreement.removed } : {}),
        },
      },
    );
    return Response.json({ version }, { status: 201 });
  },
  { project: "slug" },
);
