import { z } from "zod";
import { SEED_KINDS } from "@/lib/synthesis/seeds";

/**
 * Every job's name, payload schema (ids, never whole rows: the row is the truth) and attempt budget,
 * apart from the handlers. Enqueueing reads only this, so code that starts work (a run advancing,
 * a reviewer's edit) does not import the handlers that do it (lib/jobs/registry.ts).
 */
export const JOB_SPECS = {
  "project.refresh-snippet-count": { payload: z.object({ projectId: z.uuid() }), maxAttempts: 5 },
  "synthesis.advance": { payload: z.object({ runId: z.uuid() }), maxAttempts: 10 },
  "synthesis.seed": { payload: z.object({ runId: z.uuid(), snippetId: z.uuid(), kind: z.enum(SEED_KINDS) }), maxAttempts: 5 },
  "synthesis.agents": { payload: z.object({ runId: z.uuid() }), maxAttempts: 5 },
  "synthesis.discuss": { payload: z.object({ runId: z.uuid(), discussionId: z.uuid() }), maxAttempts: 5 },
  "synthesis.verify": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 3 },
  "synthesis.solve": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 5 },
  "synthesis.dpo": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 5 },
  "review.verify-revision": { payload: z.object({ revisionId: z.uuid() }), maxAttempts: 3 },
  "quality.cluster": { payload: z.object({ projectId: z.uuid() }), maxAttempts: 3 },
  "eval.problem": { payload: z.object({ evalRunId: z.uuid(), language: z.string().min(1), taskId: z.string().min(1) }), maxAttempts: 3 },
} as const satisfies Record<string, { payload: z.ZodType; maxAttempts: number }>;

export type JobName = keyof typeof JOB_SPECS;
export type JobPayload<Name extends JobName> = z.infer<(typeof JOB_SPECS)[Name]["payload"]>;
