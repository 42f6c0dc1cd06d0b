import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { AnnotationProvenance, QualityProvenance, type VersionSummary } from "@/lib/datasets/version-types";

/** Reading versions back: a project's list, newest first, and one version by its tag. */

const SUMMARY_SELECT = {
  id: true,
  tag: true,
  notes: true,
  status: true,
  itemCount: true,
  pairCount: true,
  contentHash: true,
  filters: true,
  provenance: true,
  cutAt: true,
  createdAt: true,
  createdBy: { select: { email: true } },
} as const;

type SummaryRow = {
  id: string;
  tag: string;
  notes: string | null;
  status: "CUTTING" | "READY" | "FAILED";
  itemCount: number;
  pairCount: number;
  contentHash: string | null;
  filters: unknown;
  provenance: unknown;
  cutAt: Date | null;
  createdAt: Date;
  createdBy: { email: string } | null;
};

export function toVersionSummary(row: SummaryRow): VersionSummary {
  return {
    id: row.id,
    tag: row.tag,
    notes: row.notes,
    status: row.status,
    itemCount: row.itemCount,
    pairCount: row.pairCount,
    contentHash: row.contentHash,
    filters: row.filters,
    quality: QualityProvenance.safeParse((row.provenance as { quality?: unknown } | null)?.quality).data ?? null,
    annotation: AnnotationProvenance.safeParse((row.provenance as { annotation?: unknown } | null)?.annotation).data ?? null,
    createdBy: row.createdBy ? { email: row.createdBy.email } : null,
    cutAt: row.cutAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listDatasetVersions({ db, projectId }: { db: Db; projectId: string }): Promise<VersionSummary[]> {
  const rows = await db.datasetVersion.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: SUMMARY_SELECT,
  });
  return rows.map(toVersionSummary);
}

export async function getDatasetVersion({
  db,
  projectId,
  tag,
}: {
  db: Db;
  projectId: string;
  tag: string;
}): Promise<VersionSummary & { error: string | null }> {
  const row = await db.datasetVersion.findUnique({
    where: { projectId_tag: { projectId, tag } },
    select: { ...SUMMARY_SELECT, error: true },
  });
  if (!row) throw new AppError("NOT_FOUND", `No version "${tag}" in this project.`);
  return { ...toVersionSummary(row), error: row.error };
}

/** A version whose items can be read: READY. A cut in progress or a failed one says so. */
export async function readyDatasetVersion({ db, projectId, tag }: { db: Db; projectId: string; tag: string }): Promise<VersionSummary> {
  const version = await getDatasetVersion({ db, projectId, tag });
  if (version.status === "CUTTING") throw new AppError("CONFLICT", `Version ${tag} is still being cut; try again when it is ready.`);
  if (version.status === "FAILED")
    throw new AppError("CONFLICT", `Version ${tag} failed to cut${version.error ? `: ${version.error}` : ""}.`);
  return version;
}
