import { z } from "zod";

/** Dataset versions as the API sends them and the browser reads them (no server code here). */

export const ITEM_SOURCES = ["DS1", "DS2", "DS3", "HUMAN_EDIT"] as const;
export type ItemSource = (typeof ITEM_SOURCES)[number];

/** A tag names a release: letters, digits, dots, dashes and underscores, starting with a letter or digit. */
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const VersionTag = z
  .string()
  .regex(TAG_PATTERN, "a tag is 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. v1.0)");

/**
 * What a version is cut from: the accepted items — the agents' candidates (DS3) and the kept seed
 * pairs (DS1, DS2), HUMAN_EDIT when a person's revision is current. `includeUnreviewed` also takes
 * the items nobody decided on yet (a rejected item never goes in).
 */
export const VersionFilters = z.object({
  languages: z.array(z.string().trim().min(1).max(40)).max(64).optional(),
  minScore: z.number().min(0).max(100).optional(),
  verifiedOnly: z.boolean().optional(),
  sources: z.array(z.enum(ITEM_SOURCES)).min(1).optional(),
  includeUnreviewed: z.boolean().optional(),
});
export type VersionFilters = z.infer<typeof VersionFilters>;

/** POST /api/projects/:slug/versions. */
export const CreateVersionBody = VersionFilters.extend({
  tag: VersionTag,
  notes: z.string().max(10_000).optional(),
});
export type CreateVersionBody = z.infer<typeof CreateVersionBody>;

export const VersionSummary = z.object({
  id: z.string(),
  tag: z.string(),
  notes: z.string().nullable(),
  status: z.enum(["CUTTING", "READY", "FAILED"]),
  itemCount: z.number(),
  pairCount: z.number(),
  contentHash: z.string().nullable(),
  filters: z.unknown(),
  createdBy: z.object({ email: z.string() }).nullable(),
  cutAt: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

const BySource = z.object({ DS1: z.number(), DS2: z.number(), DS3: z.number(), HUMAN_EDIT: z.number() });
export type BySource = z.infer<typeof BySource>;

/** One bar of a length histogram: items whose token count n has from <= n < to. */
const Bin = z.object({ from: z.number(), to: z.number(), count: z.number() });
export type LengthBin = z.infer<typeof Bin>;

export const LanguageStatistics = z.object({
  language: z.string(),
  total: z.number(),
  bySource: BySource,
  verified: z.number(),
  /** Verified items among those that carry tests (candidates); null when none does. */
  passRate: z.number().nullable(),
  meanScore: z.number().nullable(),
  medianProblemTokens: z.number().nullable(),
  medianSolutionTokens: z.number().nullable(),
});
export type LanguageStatistics = z.infer<typeof LanguageStatistics>;

/** What produced a version (lib/datasets/provenance.ts builds it; the statistics page shows it). */
const Count = z.object({ name: z.string(), count: z.number() });
export const Provenance = z.object({
  project: z.object({ slug: z.string(), name: z.string() }),
  /** How many of the items a reviewer accepted, and how many the cut took unreviewed (absent on versions cut before it was recorded). */
  review: z.object({ accepted: z.number(), unreviewed: z.number() }).optional(),
  models: z.object({
    roles: z.array(z.object({ role: z.string(), endpoint: z.string(), model: z.string() })),
    seen: z.array(z.object({ role: z.string(), model: z.string(), calls: z.number() })),
  }),
  protocol: z.unknown(),
  seeds: z.object({
    snippets: z.number(),
    seedPairs: z.number(),
    sources: z.array(Count),
    languages: z.array(Count),
    repos: z.array(Count),
    /** Repositories beyond the listed ones (the list is capped). */
    otherRepos: z.number(),
    licenses: z.array(Count),
  }),
});
export type Provenance = z.infer<typeof Provenance>;

export const VersionStatistics = z.object({
  total: z.number(),
  pairs: z.number(),
  verified: z.number(),
  passRate: z.number().nullable(),
  meanScore: z.number().nullable(),
  bySource: BySource,
  languages: z.array(LanguageStatistics),
  lengths: z.object({ problem: z.array(Bin), solution: z.array(Bin) }),
  /** The tokenizer the lengths were counted with. */
  tokenizer: z.string(),
  provenance: Provenance,
});
export type VersionStatistics = z.infer<typeof VersionStatistics>;

export const VersionDetail = z.object({
  version: VersionSummary.extend({ error: z.string().nullable().optional() }),
  statistics: VersionStatistics.nullable(),
});
export type VersionDetail = z.infer<typeof VersionDetail>;

export const DiffQuery = z.object({ against: VersionTag });

export const VersionDiff = z.object({
  from: z.string(),
  to: z.string(),
  languages: z.array(z.object({ language: z.string(), added: z.number(), removed: z.number(), changed: z.number() })),
  examples: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
});
export type VersionDiff = z.infer<typeof VersionDiff>;
