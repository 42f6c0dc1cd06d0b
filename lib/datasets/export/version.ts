import "server-only";
import type pg from "pg";
import type { DatasetVersionStatus } from "@/lib/db/generated/enums";
import { FORMATS, type FormatName } from "@/lib/datasets/export/formats";
import { AppError } from "@/lib/errors";

export interface ExportableVersion {
  id: string;
  tag: string;
  projectId: string;
  /** Rows the export reads: items, or pairs for DPO. */
  rows: number;
}

/**
 * The READY version a tag names in a project, checked exportable in the format before a byte is
 * written: an unknown tag, a version still being cut or one whose cut failed, and a version with
 * nothing for the format (no items; no pairs for DPO) each get their own answer.
 */
export async function findExportableVersion({
  pool,
  projectId,
  tag,
  format,
}: {
  /** The export's `pg` pool (pool.ts): an export never loads Prisma (record.ts says why). */
  pool: pg.Pool;
  projectId: string;
  tag: string;
  format: FormatName;
}): Promise<ExportableVersion> {
  const {
    rows: [version],
  } = await pool.query<{ id: string; tag: string; status: DatasetVersionStatus; itemCount: number; pairCount: number }>(
    `select id::text, tag, status::text, item_count as "itemCount", pair_count as "pairCount"
       from dataset_versions where project_id = $1::uuid and tag = $2`,
    [projectId, tag],
  );
  if (!version) throw new AppError("NOT_FOUND", `No dataset version "${tag}" in this project.`);
  if (version.status === "CUTTING") throw new AppError("CONFLICT", `version ${tag} is still being cut; export it once it is ready.`);
  if (version.status === "FAILED")
    throw new AppError("CONFLICT", `version ${tag} failed while being cut and holds no dataset; cut a new version.`);
  const pairs = FORMATS[format].reads === "pairs";
  // The counts the cut recorded: a READY version's rows never change (a trigger refuses it).
  const rows = pairs ? version.pairCount : version.itemCount;
  if (!rows && pairs)
    throw new AppError(
      "BAD_REQUEST",
      `version ${tag} has no DPO pairs (run the dpo stage, or accept edits, before cutting it); export it as sft, sharegpt or alpaca instead.`,
    );
  if (!rows) throw new AppError("BAD_REQUEST", `version ${tag} has no items to export.`);
  return { id: version.id, tag: version.tag, projectId, rows };
}
