import { z } from "zod";

/** One candidate as the review screen shows it: every revision, the verification runs, the source seeds. */
export const CandidateDetail = z.object({
  id: z.string(),
  projectId: z.string(),
  language: z.string(),
  sourceLanguage: z.string().nullable(),
  reviewStatus: z.string(),
  verificationStatus: z.string(),
  totalScore: z.number().nullable(),
  discussionId: z.string().nullable(),
  currentRevisionId: z.string().nullable(),
  revisions: z.array(z.object({ id: z.string(), number: z.number(), authorKind: z.string(), instruction: z.string(), solution: z.string(), tests: z.string(), note: z.string().nullable(), createdAt: z.string() })),
  verifications: z.array(z.object({ revisionId: z.string(), round: z.number(), status: z.string(), reason: z.string().nullable(), durationMs: z.number().nullable() })),
  /** The active claim (null when unclaimed or expired); `mine` when it is the viewer's. */
  claim: z.object({ by: z.string(), until: z.string(), mine: z.boolean() }).nullable(),
  seeds: z.array(z.object({ id: z.string(), language: z.string(), instruction: z.string(), solution: z.string() })),
});
export type CandidateDetail = z.infer<typeof CandidateDetail>;
