import { z } from "zod";
import { AgreementFigure } from "@/lib/review/agreement/report-types";

/** Dataset versions as the API sends them and the browser reads them (no server code here). */

export const ITEM_SOURCES = ["DS1", "DS2", "DS3", "HUMAN_EDIT", "IMPORTED"] as const;
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
  /** Take items that leak a benchmark problem (the quality gate leaves them out by default). */
  includeContaminated: z.boolean().optional(),
  /** Take every near-duplicate (by default one item per language and duplicate cluster). */
  keepDuplicates: z.boolean().optional(),
  /**
   * Only items with at least this many standing ACCEPT decisions, annotators' and a curator's
   * adjudication alike (a decision reopened does not count); unreviewed items too, when taken.
   */
  minAgreeingDecisions: z.number().int().min(1).max(10).optional(),
});
export type VersionFilters = z.infer<typeof VersionFilters>;

/** POST /api/projects/:slug/versions. */
export const CreateVersionBody = VersionFilters.extend({
  tag: VersionTag,
  notes: z.string().max(10_000).optional(),
});
export type CreateVersionBody = z.infer<typeof CreateVersionBody>;

/** What the quality gate did at a cut (lib/datasets/quality-gate.ts): the policy, and what it removed and let in. */
export const QualityProvenance = z.object({
  /** The project checked contamination (`quality.decontaminate`). */
  decontaminated: z.boolean(),
  includeContaminated: z.boolean(),
  keepDuplicates: z.boolean(),
  /** Items the cut checked first (their current revision had never been checked, or had changed since). */
  rechecked: z.number(),
  removed: z.object({
    contaminated: z.object({
      count: z.number(),
      tasks: z.array(z.object({ benchmark: z.string(), taskId: z.string(), count: z.number() })),
    }),
    duplicates: z.object({ count: z.number(), clusters: z.number() }),
  }),
  /** Items in the version flagged contaminated (only with includeContaminated, or decontamination off), and in a cluster. */
  included: z.object({ contaminated: z.number(), clustered: z.number() }),
});
export type QualityProvenance = z.infer<typeof QualityProvenance>;

/** "3 contaminated: HumanEval/12 ×2, MBPP/40; 5 near-duplicates in 2 clusters", or "" when nothing was removed. */
export function describeRemoved(q: QualityProvenance, maxTasks = 8): string {
  const parts: string[] = [];
  const c = q.removed.contaminated;
  if (c.count) {
    const tasks = c.tasks.slice(0, maxTasks).map((t) => `${t.taskId}${t.count > 1 ? ` ×${t.count}` : ""}`);
    if (c.tasks.length > maxTasks) tasks.push(`${c.tasks.length - maxTasks} more`);
    parts.push(`${c.count} contaminated: ${tasks.join(", ")}`);
  }
  const d = q.removed.duplicates;
  if (d.count) parts.push(`${d.count} near-duplicate${d.count === 1 ? "" : "s"} in ${d.clusters} cluster${d.clusters === 1 ? "" : "s"}`);
  return parts.join("; ");
}

const OverallAndByLanguage = z.object({ overall: AgreementFigure, byLanguage: z.record(z.string(), AgreementFigure) });

/**
 * The annotation behind a version, at the cut (lib/datasets/annotation.ts): the project's overlap
 * settings, the minimum of agreeing decisions asked and what it left out, how the items were decided,
 * and the annotators' agreement on the items taken (decisions; each 1–5 rubric question). No
 * annotator is named: the card and exports are published.
 */
export const AnnotationProvenance = z.object({
  overlap: z.object({ overlap: z.number(), overlapByLanguage: z.record(z.string(), z.number()), overlapShare: z.number() }),
  minAgreeingDecisions: z.number().nullable(),
  /** Items that passed every other filter but had fewer standing ACCEPT decisions than required. */
  removed: z.number(),
  items: z.object({
    /** Items with at least one standing decision. */
    decided: z.number(),
    /** Items two or more annotators decided. */
    multiAnnotated: z.number(),
    /** Items a curator adjudicated (their annotators had disagreed). */
    adjudicated: z.number(),
  }),
  /** Agreement of the annotators' decisions (nominal): Cohen's κ for two annotators, Krippendorff's α for more. */
  agreement: OverallAndByLanguage,
  /** Agreement per 1–5 rubric question (interval level), in the rubric's order. */
  rubric: z.array(OverallAndByLanguage.extend({ id: z.string(), label: z.string(), aspect: z.string().nullable() })),
});
export type AnnotationProvenance = z.infer<typeof AnnotationProvenance>;

/** "12 items with fewer than 2 agreeing decisions", or "" when the requirement removed nothing. */
export function describeAgreementRemoved(a: Pick<AnnotationProvenance, "minAgreeingDecisions" | "removed">): string {
  if (!a.removed || a.minAgreeingDecisions === null) return "";
  const n = a.minAgreeingDecisions;
  return `${a.removed} item${a.removed === 1 ? "" : "s"} with fewer than ${n} agreeing decision${n === 1 ? "" : "s"}`;
}

export const VersionSummary = z.object({
  id: z.string(),
  tag: z.string(),
  notes: z.string().nullable(),
  status: z.enum(["CUTTING", "READY", "FAILED"]),
  itemCount: z.number(),
  pairCount: z.number(),
  contentHash: z.string().nullable(),
  filters: z.unknown(),
  /** What the quality gate removed and let in (null: cut before the gate existed, or not READY). */
  quality: QualityProvenance.nullable().optional(),
  /** The annotation at the cut (null: cut before it was recorded, none of its items was decided, or not READY). */
  annotation: AnnotationProvenance.nullable().optional(),
  createdBy: z.object({ email: z.string() }).nullable(),
  cutAt: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

const BySource = z.object({ DS1: z.number(), DS2: z.number(), DS3: z.number(), HUMAN_EDIT: z.number(), IMPORTED: z.number().default(0) }); // versions cut before imports had no IMPORTED count
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
  /** The quality gate at the cut (absent on versions cut before it existed). */
  quality: QualityProvenance.optional(),
  /** Overlap, agreement and the agreeing decisions required (absent on versions cut before it, or with no decided item). */
  annotation: AnnotationProvenance.optional(),
  models: z.object({
    roles: z.array(z.object({ role: z.string(), endpoint: z.string(), model: z.string() })),
    seen: z.array(z.object({ role: z.string(), model: z.string(), calls: z.number() })),
  }),
  protocol: z.unknown(),
  /** The protocol preset and the project's overrides over it (absent on versions cut before presets). */
  preset: z
    .object({
      id: z.string(),
      label: z.string(),
      overrides: z.array(z.object({ path: z.string(), value: z.unknown(), presetValue: z.unknown() })),
    })
    .optional(),
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

const PageLimit = z.coerce.number({ error: "a whole number from 1 to 100" }).int().min(1).max(100).default(25);

export const DIFF_KINDS = ["added", "removed", "changed"] as const;
export const DIFF_FIELDS = ["instruction", "solution", "tests", "score", "source", "verified"] as const;

/** GET …/diff?against=<tag>[&kind=added|removed|changed][&cursor=<item key>][&limit=N]. */
export const DiffQuery = z.object({
  against: VersionTag,
  kind: z.enum(DIFF_KINDS).optional(),
  /** The last item key of the previous page. */
  cursor: z.string().min(1).max(200).optional(),
  limit: PageLimit,
});

/** One item that differs between two versions; for a changed one, which of its fields did. */
export const DiffItem = z.object({
  kind: z.enum(DIFF_KINDS),
  itemKey: z.string(),
  language: z.string(),
  source: z.enum(ITEM_SOURCES),
  /** The instruction's first line (the newer one's, when both versions hold the item). */
  title: z.string(),
  changes: z.array(z.enum(DIFF_FIELDS)),
});
export type DiffItem = z.infer<typeof DiffItem>;

export const VersionDiff = z.object({
  from: z.string(),
  to: z.string(),
  languages: z.array(z.object({ language: z.string(), added: z.number(), removed: z.number(), changed: z.number() })),
  examples: z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) }),
  /** A page of the differing items, by item key; `nextCursor` asks for the next one. */
  items: z.array(DiffItem),
  nextCursor: z.string().nullable(),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

/** GET …/versions/:tag/items: a version's records, filtered, in position order, by keyset pages. */
export const ItemsQuery = z.object({
  language: z.string().trim().toLowerCase().min(1).max(40).optional(),
  source: z.enum(ITEM_SOURCES, { error: `one of ${ITEM_SOURCES.join(", ")}` }).optional(),
  minScore: z.coerce.number({ error: "a number, e.g. 3.5" }).min(0).max(100).optional(),
  tests: z.enum(["present", "absent"], { error: "present or absent" }).optional(),
  verified: z.enum(["true", "false"], { error: "true or false" }).optional(),
  /** The last position of the previous page. */
  cursor: z.coerce.number({ error: "a position" }).int().min(0).optional(),
  limit: PageLimit,
});
export type ItemsQuery = z.infer<typeof ItemsQuery>;

export const VersionItem = z.object({
  position: z.number(),
  itemKey: z.string(),
  source: z.enum(ITEM_SOURCES),
  language: z.string(),
  instruction: z.string(),
  solution: z.string(),
  tests: z.string().nullable(),
  score: z.number().nullable(),
  verified: z.boolean(),
});
export type VersionItem = z.infer<typeof VersionItem>;

export const VersionItemsPage = z.object({ items: z.array(VersionItem), nextCursor: z.number().nullable() });
export type VersionItemsPage = z.infer<typeof VersionItemsPage>;
