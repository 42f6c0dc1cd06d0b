import { z } from "zod";

/** A discussion as its page shows it: who took part, their memories (and how they evolved), the result. */

export const MemoryItemView = z.object({
  id: z.string(),
  language: z.string(),
  instruction: z.string(),
  score: z.number(),
  status: z.string(),
  merits: z.array(z.string()),
  faults: z.array(z.string()),
  tests: z.string().nullable(),
});

export const MemoryEventView = z.object({
  seq: z.number(),
  kind: z.string(),
  memoryItemId: z.string().nullable(),
  similarity: z.number().nullable(),
  reason: z.string(),
  at: z.string(),
});

export const ParticipantView = z.object({
  agentId: z.string(),
  language: z.string(),
  main: z.boolean(),
  memoryCapacity: z.number(),
  memory: z.array(MemoryItemView),
  events: z.array(MemoryEventView),
});

export const DiscussionView = z.object({
  id: z.string(),
  projectId: z.string(),
  /** The project's slug, for its navigation around the discussion. */
  projectSlug: z.string(),
  mode: z.string(),
  debate: z.boolean(),
  /** The project's roles run on the studio's scripted model server (the demo): no language model inside. */
  scriptedModel: z.boolean().default(false),
  targetLanguage: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  participants: z.array(ParticipantView),
  /** The samples of the proposal prompt's [Memory] block, in its order (the author's memory when it was asked). */
  promptMemory: z
    .array(z.object({ id: z.string(), language: z.string(), instruction: z.string(), score: z.number(), status: z.string() }))
    .default([]),
  candidate: z
    .object({
      id: z.string(),
      verificationStatus: z.string(),
      totalScore: z.number().nullable(),
      verifications: z.array(
        z.object({
          round: z.number(),
          status: z.string(),
          reason: z.string().nullable(),
          durationMs: z.number().nullable(),
          toolchain: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
});
export type DiscussionView = z.infer<typeof DiscussionView>;

/** A stored turn as the live stream sends it (`turn` events); `reasoning` only when the model reasoned before answering. */
export const TurnFrame = z.object({
  seq: z.number(),
  round: z.number(),
  kind: z.string(),
  agentId: z.string().nullable(),
  language: z.string().nullable(),
  content: z.string(),
  reasoning: z.string().optional(),
});
export type TurnFrame = z.infer<typeof TurnFrame>;
