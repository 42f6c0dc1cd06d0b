import "server-only";
import type pg from "pg";
import { uuidv7 } from "@/lib/ids";
import { FILE_TYPE_ENUM, FORMAT_ENUM, type FileTypeName, type FormatName } from "@/lib/datasets/export/formats";

/** How an export ended, for its `exports` row. */
export type ExportOutcome = { sha256: string; sizeBytes: number } | { error: string };

/*
 * The `exports` row's statements go through the export's `pg` pool, not Prisma: a process that only
 * exports (`rosetta export`'s writer, bench:export) then never loads Prisma's client and query
 * compiler (~130 MB of RSS, and 50–100 ms of CPU to compile each query shape on first use).
 */

/** An `exports` row for an export that is starting (RUNNING); a download has no path. Its id is a uuidv7, as `@default(uuid(7))` makes. */
export async function recordExportStart(
  pool: pg.Pool,
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
  const id = uuidv7();
  await pool.query(
    `insert into exports (id, version_id, format, file_type, test_fraction, status, path, created_by_id, updated_at)
     values ($1::uuid, $2::uuid, $3::export_format, $4::export_file_type, $5::float8, 'RUNNING', $6, $7::uuid, current_timestamp)`,
    [id, versionId, FORMAT_ENUM[format], FILE_TYPE_ENUM[fileType], testFraction ?? null, path ?? null, createdById ?? null],
  );
  return { id };
}

/** SUCCEEDED with the data's SHA-256 and size, or FAILED with why. */
export function recordExportEnd(pool: pg.Pool, id: string, outcome: ExportOutcome): Promise<unknown> {
  return "error" in outcome
    ? pool.query(
        `update exports set status = 'FAILED', error = $2, finished_at = current_timestamp, updated_at = current_timestamp
          where id = $1::uuid`,
        [id, outcome.error],
      )
    : pool.query(
        `update exports set status = 'SUCCEEDED', sha256 = $2, size_bytes = $3::bigint,
                finished_at = current_timestamp, updated_at = current_timestamp
          where id = $1::uuid`,
        [id, outcome.sha256, outcome.sizeBytes],
      );
}
