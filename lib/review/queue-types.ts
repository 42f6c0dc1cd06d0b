import { z } from "zod";
import { DIFFICULTIES } from "@/lib/review/quality-types";
import { VERIFICATION_STATUSES } from "@/lib/review/test-status";

/** Which items the queue's filters select; the queue pages them, a bulk decision decides them. */
export const QueueFilter = z.object({
  language: z.string().min(1).optional(),
  /** DISPUTED: its annotators disagreed, a curator adjudicates (the adjudication queue). */
  review: z.enum(["PENDING", "ACCEPTED", "REJECTED", "DISPUTED"]).optional(),
  /**
   * "mine": the viewer's to-do queue, the pending items they have no standing decision on, so an
   * annotator is never handed an item they decided (with several annotators per item).
   */
  todo: z.enum(["mine"]).optional(),
  verification: z.enum(VERIFICATION_STATUSES).optional(),
  minScore: z.coerce.number().min(1).max(5).optional(),
  seed: z.uuid().optional(),
  /** "seeds": kept seed pairs (DS1, DS2, IMPORTED); "synthesized": the agents' items (DS3). */
  source: z.enum(["seeds", "synthesized"]).optional(),
  /** Words that must all occur (any case) in the current revision's instruction, solution or tests. */
  q: z.string().trim().max(200, "is longer than 200 characters").optional(),
  /** "others": leave out items another reviewer has claimed (their claim not yet expired). */
  hideClaimed: z.enum(["others"]).optional(),
  /** "yes": only items that leak a benchmark problem; "no": only the clean (or unchecked) ones. */
  contaminated: z.enum(["yes", "no"]).optional(),
  /** "hide": leave out the near duplicates a cut drops (another item is kept in their place); "only": just those. */
  duplicates: z.enum(["hide", "only"]).optional(),
  /** Any of these difficulties: "EASY,HARD" in a URL, or a list. */
  difficulty: z
    .preprocess(
      (value) => (typeof value === "string" ? value.split(",").filter(Boolean) : value),
      z.array(z.enum(DIFFICULTIES, { error: `is not one of ${DIFFICULTIES.join(", ")}` })).min(1),
    )
    .optional(),
  /** Line coverage of the independent tests, at least this percentage (items without a measure are left out). */
  minCoverage: z.coerce.number().min(0).max(100).optional(),
});
export type QueueFilter = z.infer<typeof QueueFilter>;

/** The review queue's query and page (server-side filters, sorting and keyset pagination). */
export const QueueQuery = QueueFilter.extend({
  sort: z.enum(["newest", "oldest", "score"]).default("newest"),
  cursor: z
    .string()
    .regex(/^((-?\d+(\.\d+)?|null):)?[0-9a-f-]{36}$/i, "is not a cursor this list gave")
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueItem = z.object({
  id: z.string(),
  language: z.string(),
  /** DS1/DS2/IMPORTED: a kept seed pair; DS3: synthesized by the agents. */
  source: z.string(),
  sourceLanguage: z.string().nullable(),
  reviewStatus: z.string(),
  verificationStatus: z.string(),
  totalScore: z.number().nullable(),
  instruction: z.string(),
  revision: z.number().nullable(),
  createdAt: z.string(),
  /** The active claim on it (null when unclaimed or expired); `mine` when it is the viewer's. */
  claim: z.object({ by: z.string(), until: z.string(), mine: z.boolean() }).nullable(),
  contaminated: z.boolean(),
  /** The item kept in this one's place, when it is a near duplicate a cut drops. */
  duplicateOf: z.string().nullable(),
  difficulty: z.enum(DIFFICULTIES).nullable(),
  solveRate: z.number().nullable(),
  coverage: z.number().nullable(),
  /** Standing annotator decisions on it, and how many it needs (`review.overlap`; 1 for most projects). */
  decided: z.number(),
  required: z.number(),
});
export const QueuePage = z.object({ items: z.array(QueueItem), nextCursor: z.string().nullable() });
export type QueuePage = z.infer<typeof QueuePage>;
