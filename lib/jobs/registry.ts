import type { z } from "zod";
import { refreshSnippetCount } from "@/lib/jobs/definitions/refresh-snippet-count";
import { verifyEdit } from "@/lib/jobs/definitions/review";
import { advance, agents, discuss, dpo, seed, verify } from "@/lib/jobs/definitions/synthesis";

/** Every job the worker knows. A job not listed here is never run (the queue keeps it waiting). */
export const jobs = {
  [refreshSnippetCount.name]: refreshSnippetCount,
  [advance.name]: advance,
  [seed.name]: seed,
  [agents.name]: agents,
  [discuss.name]: discuss,
  [verify.name]: verify,
  [dpo.name]: dpo,
  [verifyEdit.name]: verifyEdit,
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<Name extends JobName> = z.infer<(typeof jobs)[Name]["payload"]>;
