import { ITEM_SOURCES, VersionDiff, VersionStatistics } from "@/lib/datasets/version-types";

/**
 * What the datasets pages show: the API's own types (lib/datasets/version-types.ts, shared with the
 * routes) plus what only the pages need (labels, the export menu). The answers' schemas are in components/data/datasets.ts.
 */
export const SOURCES = ITEM_SOURCES;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = {
  DS1: "Ds1 (instruction first)",
  DS2: "Ds2 (answer first)",
  DS3: "Ds3 (discussions)",
  HUMAN_EDIT: "Human edits",
  IMPORTED: "Imported pairs",
};

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
