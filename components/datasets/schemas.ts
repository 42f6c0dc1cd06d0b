import { z } from "zod";
import { ITEM_SOURCES, VersionDiff, VersionStatistics, VersionSummary } from "@/lib/datasets/version-types";

/**
 * What the datasets pages read: the API's own schemas (lib/datasets/version-types.ts, shared with the
 * routes) plus what only the pages need (labels, the export menu).
 */
export const SOURCES = ITEM_SOURCES;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = { DS1: "Ds1 (instruction first)", DS2: "Ds2 (answer first)", DS3: "Ds3 (discussions)", HUMAN_EDIT: "Human edits" };

/** A version as the list and the detail route send it; `error` (why a cut failed) comes with the detail. */
export const DatasetVersion = VersionSummary.extend({ error: z.string().nullable().optional() });
export type DatasetVersion = z.infer<typeof DatasetVersion>;

export const VersionList = z.object({ versions: z.array(DatasetVersion) });
export const CreatedVersion = z.object({ version: DatasetVersion });
/** Statistics are null while a version is being cut or when its cut failed. */
export const VersionDetail = z.object({ version: DatasetVersion, statistics: VersionStatistics.nullable() });
export type VersionDetail = z.infer<typeof VersionDetail>;
export { VersionDiff, VersionStatistics };
export type { LanguageStatistics, LengthBin as Bin } from "@/lib/datasets/version-types";

export { Provenance as KnownProvenance } from "@/lib/datasets/version-types";

export const EXPORT_FORMATS = [
  { id: "sft", label: "SFT (chat messages)" },
  { id: "sharegpt", label: "ShareGPT" },
  { id: "alpaca", label: "Alpaca" },
  { id: "dpo", label: "DPO pairs" },
] as const;
export const EXPORT_FILE_TYPES = ["jsonl", "parquet"] as const;
