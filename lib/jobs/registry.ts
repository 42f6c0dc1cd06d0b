import type { z } from "zod";
import { refreshSnippetCount } from "@/lib/jobs/definitions/refresh-snippet-count";

/** Every job the worker knows. A job not listed here is never run (the queue keeps it waiting). */
export const jobs = {
  [refreshSnippetCount.name]: refreshSnippetCount,
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<Name extends JobName> = z.infer<(typeof jobs)[Name]["payload"]>;
