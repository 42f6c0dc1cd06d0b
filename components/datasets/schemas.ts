import { z } from "zod";

/**
 * What the datasets API answers, as the browser reads it. Lenient where the server may add fields
 * (objects are not strict), strict on what the pages use, so a changed contract fails loudly.
 */
export const SOURCES = ["DS1", "DS2", "DS3", "HUMAN_EDIT"] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = { DS1: "Ds1 (instruction first)", DS2: "Ds2 (answer first)", DS3: "Ds3 (discussions)", HUMAN_EDIT: "Human edits" };

export const VERSION_STATUSES = ["CUTTING", "READY", "FAILED"] as const;

export const DatasetVersion = z.object({
  id: z.string(),
  tag: z.string(),
  notes: z.string().nullable(),
  status: z.enum(VERSION_STATUSES),
  itemCount: z.number(),
  pairCount: z.number().nullable().optional(),
  contentHash: z.string().nullable(),
  filters: z.unknown(),
  createdBy: z.object({ email: z.string() }).nullable(),
  cutAt: z.string().nullable(),
  createdAt: z.string(),
  /** Why a cut failed, when the server says. */
  error: z.string().nullable().optional(),
});
export type DatasetVersion = z.infer<typeof DatasetVersion>;

export const VersionList = z.object({ versions: z.array(DatasetVersion) });
export const CreatedVersion = z.object({ version: DatasetVersion });

const BySource = z.object({ DS1: z.number(), DS2: z.number(), DS3: z.number(), HUMAN_EDIT: z.number() });
export type BySource = z.infer<typeof BySource>;
const Bin = z.object({ from: z.number(), to: z.number(), count: z.number() });
export type Bin = z.infer<typeof Bin>;
/** A rate is a share in [0, 1]; null when nothing was verified. */
const Rate = z.number().nullable();

export const LanguageStatistics = z.object({
  language: z.string(),
  total: z.number(),
  bySource: BySource,
  verified: z.number(),
  passRate: Rate,
  meanScore: z.number().nullable(),
  medianProblemTokens: z.number().nullable(),
  medianSolutionTokens: z.number().nullable(),
});
export type LanguageStatistics = z.infer<typeof LanguageStatistics>;

export const VersionStatistics = z.object({
  total: z.number(),
  pairs: z.number(),
  verified: z.number(),
  passRate: Rate,
  meanScore: z.number().nullable(),
  bySource: BySource,
  languages: z.array(LanguageStatistics),
  lengths: z.object({ problem: z.array(Bin), solution: z.array(Bin) }),
  provenance: z.unknown(),
});
export type VersionStatistics = z.infer<typeof VersionStatistics>;

export const VersionDetail = z.object({ version: DatasetVersion, statistics: VersionStatistics.nullable() });
export type VersionDetail = z.infer<typeof VersionDetail>;

export const VersionDiff = z.object({
  from: z.unknown(),
  to: z.unknown(),
  languages: z.array(z.object({ language: z.string(), added: z.number(), removed: z.number(), changed: z.number() })),
  examples: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }).optional(),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

export const EXPORT_FORMATS = [
  { id: "sft", label: "SFT (chat messages)" },
  { id: "sharegpt", label: "ShareGPT" },
  { id: "alpaca", label: "Alpaca" },
  { id: "dpo", label: "DPO pairs" },
] as const;
export const EXPORT_FILE_TYPES = ["jsonl", "parquet"] as const;
