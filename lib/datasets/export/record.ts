import "server-only";
import type { Db } from "@/lib/db/client";
import { FILE_TYPE_ENUM, FORMAT_ENUM, type FileTypeName, type FormatName } from "@/lib/datasets/export/formats";

/** How an export ended, for its `exports` row. */
export type ExportOutcome = { sha256: string; sizeBytes: number } | { error: string };

/** An `exports` row for an export that is starting (RUNNING); a download has no path. */
export function recordExportStart(
  db: Db,
  {
    versionId,
    format,
    fileType,
    testFraction,
    path,
    createdById,
  }: {
    versionId: string;
    format: FormatName;
    fileType: FileTypeName;
    testFraction?: number | null;
    path?: string;
    createdById?: string | null;
  },
): Promise<{ id: string }> {
  return db.export.create({
    data: {
      versionId,
      format: FORMAT_ENUM[format],
      fileType: FILE_TYPE_ENUM[fileType],
      testFraction: testFraction ?? null,
      status: "RUNNING",
      path: path ?? null,
      createdById: createdById ?? null,
    },
    select: { id: true },
  });
}

/** SUCCEEDED with the data's SHA-256 and size, or FAILED with why. */
export function recordExportEnd(db: Db, id: string, outcome: ExportOutcome): Promise<unknown> {
  const finishedAt = new Date();
  return db.export.update({
    where: { id },
    data:
      "error" in outcome
        ? { status: "FAILED", error: outcome.error, finishedAt }
        : { status: "SUCCEEDED", sha256: outcome.sha256, sizeBytes: BigInt(outcome.sizeBytes), finishedAt },
  });
}
