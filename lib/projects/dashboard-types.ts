import { z } from "zod";

/** A project's dashboard: where its work stands, per stage and language, and what it cost. */
export const LanguageCounts = z.object({
  language: z.string(),
  snippets: z.number(),
  seedsKept: z.number(),
  seedsDropped: z.number(),
  /** Kept seed pairs a reviewer accepted / rejected (seed items, DS1/DS2; not in the candidate counts). */
  seedsAccepted: z.number(),
  seedsRejected: z.number(),
  /** The agents' candidates (DS3) and their verification and review. */
  candidates: z.number(),
  verified: z.number(),
  passed: z.number(),
  accepted: z.number(),
  rejected: z.number(),
  /** Items (seed items and candidates) whose annotators disagreed, awaiting a curator (review.overlap ≥ 2). */
  disputed: z.number(),
});

const StageProgress = z.object({ stage: z.string(), queued: z.number(), running: z.number(), done: z.number(), failed: z.number() });
/** A run's most frequent failure reasons (as `rosetta run`'s summary groups them), most first. */
const FailureReason = z.object({ stage: z.string(), reason: z.string(), count: z.number() });
const Usage = z.object({
  promptTokens: z.number(),
  completionTokens: z.number(),
  costUsd: z.number(),
  calls: z.number(),
  failed: z.number(),
});

export const Dashboard = z.object({
  project: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  /** A role is bound to the studio's scripted model server (the demo): no language model inside. */
  scriptedModel: z.boolean().default(false),
  runs: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      stage: z.string().nullable(),
      createdAt: z.string(),
      /** Items by status. */
      items: z.record(z.string(), z.number()),
      total: z.number(),
      failed: z.number(),
      /** Per stage, in the run's order: its items and how many failed. */
      stages: z.array(z.object({ stage: z.string(), total: z.number(), failed: z.number() })),
      reasons: z.array(FailureReason),
    }),
  ),
  discussions: z.record(z.string(), z.number()),
  languages: z.array(LanguageCounts),
  /** DISPUTED items of every language: the curator's adjudication queue. */
  disputed: z.number(),
  tokens: z.number(),
  costUsd: z.number(),
  failures: z.array(z.object({ stage: z.string(), reason: z.string(), count: z.number() })),
  /** The running run's (else the latest run's) items per stage and status. */
  progress: z
    .object({
      runId: z.string(),
      status: z.string(),
      stage: z.string().nullable(),
      stages: z.array(StageProgress),
      reasons: z.array(FailureReason),
    })
    .nullable(),
  usage: z.object({ byDay: z.array(Usage.extend({ day: z.string() })), byStage: z.array(Usage.extend({ stage: z.string() })) }),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const DiscussionSummary = z.object({
  id: z.string(),
  mode: z.string(),
  targetLanguage: z.string(),
  status: z.string(),
  /** The participating agents' languages. */
  participants: z.array(z.string()),
  turns: z.number(),
  candidates: z.number(),
  startedAt: z.string().nullable(),
  createdAt: z.string(),
});
export const DiscussionPage = z.object({ items: z.array(DiscussionSummary), nextCursor: z.string().nullable() });
export type DiscussionPage = z.infer<typeof DiscussionPage>;
