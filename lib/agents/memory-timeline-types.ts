import { z } from "zod";

/** An agent's memory over time, as its page shows it: every insert, rejection and eviction, by round. */

export const MemorySampleRef = z.object({
  id: z.string(),
  language: z.string(),
  instruction: z.string(),
  score: z.number(),
});
export type MemorySampleRef = z.infer<typeof MemorySampleRef>;

export const MemoryTimelineEvent = z.object({
  seq: z.number(),
  kind: z.enum(["INSERTED", "REJECTED_TOO_SIMILAR", "EVICTED"]),
  /** The discussion's plan round; null for the seed offers made when the agent was created. */
  round: z.number().nullable(),
  discussionId: z.string().nullable(),
  similarity: z.number().nullable(),
  reason: z.string(),
  at: z.string(),
  /** Inserted: the sample stored. Rejected: the stored sample it resembled. Evicted: the sample that left. */
  sample: MemorySampleRef.nullable(),
  /** Rejected: what was offered (the discussion's candidate), which never entered the memory. */
  offered: z.object({ language: z.string(), instruction: z.string() }).nullable(),
  /** Evicted: the sample whose insert pushed it out (null when the new sample itself was the lowest). */
  replacedBy: MemorySampleRef.nullable(),
});
export type MemoryTimelineEvent = z.infer<typeof MemoryTimelineEvent>;

export const AgentMemoryTimeline = z.object({
  agent: z.object({
    id: z.string(),
    language: z.string(),
    scope: z.string(),
    memoryCapacity: z.number(),
    similarityThreshold: z.number(),
  }),
  projectSlug: z.string(),
  /** The samples in memory now, best first. */
  inMemory: z.array(MemorySampleRef),
  /** Discussions the agent took part in. */
  discussions: z.number(),
  events: z.array(MemoryTimelineEvent),
});
export type AgentMemoryTimeline = z.infer<typeof AgentMemoryTimeline>;
