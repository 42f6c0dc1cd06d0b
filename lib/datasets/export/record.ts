import "server-only";
import type { Db } from "@/lib/db/client";
import { uuidv7 } from "@/lib/ids";
import { FILE_TYPE_ENUM, FORMAT_ENUM, type FileTypeName, type FormatName } from "@/lib/datasets/export/formats";

/** How an export ended, for its `exports` row. */
export type ExportOutcome = { sha256: string; sizeBytes: number } | { error: string };

/*
 * The `exports` row's statements are raw SQL: the first use of a Prisma query shape in a process
 * compiles it (measured cold: 50–100 ms of CPU each, against 10–15 for the same statement raw), more
 * than all the other fixed costs of a 100 k-item export, and `rosetta export` runs in a fresh process.
 */

/** An `exports` row for an export that is starting (RUNNING); a download has no path. Its id is a uuidv7, as `@default(uuid(7))` makes. */
export async function recordExportStart(
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
  const id = uuidv7();
  await db.$executeRaw`
    insert into exports (id, version_id, format, file_type, test_fraction, status, path, created_by_id, updated_at)
    values (${id}::uuid, ${versionId}::uuid, ${FORMAT_ENUM[format]}::export_format, ${FILE_TYPE_ENUM[fileType]}::export_file_type,
            ${testFraction ?? null}::float8, 'RUNNING', ${path ?? null}, ${createdById ?? null}::uuid, current_timestamp)`;
  return { id };
}

/** SUCCEEDED with the data's SHA-256 and size, or FAILED with why. */
export function recordExportEnd(db: Db, id: string, outcome: ExportOutcome): Promise<unknown> {
  return "error" in outcome
    ? db.$executeRaw`
        update exports set status = 'FAILED', error = ${outcome.error}, finished_at = current_timestamp, updated_at = current_timestamp
         where id = ${id}::uuid`
    : db.$executeRaw`
        update exports set status = 'SUCCEEDED', sha256 = ${outcome.sha256}, size_bytes = ${outcome.sizeBytes}::bigint,
               finished_at = current_timestamp, updated_at = current_timestamp
         where id = ${id}::uuid`;
}
