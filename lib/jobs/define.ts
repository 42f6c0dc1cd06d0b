import type { z } from "zod";
import type { Db } from "@/lib/db/client";

export interface JobContext {
  db: Db;
  /** Aborts when the worker is shutting down; long steps should stop at the next safe point. */
  signal: AbortSignal;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  log(message: string): void;
}

/**
 * A job: a name, the zod schema of its payload (ids, never whole rows: the row is the truth), and an
 * idempotent handler. Running it twice for the same payload must leave the same state as once,
 * because a worker that dies mid-job hands the job to another.
 */
export interface JobDefinition<Payload extends z.ZodType = z.ZodType, Name extends string = string> {
  name: Name;
  payload: Payload;
  /** Attempts before the queue gives up (with exponential backoff between them). */
  maxAttempts: number;
  run(payload: z.infer<Payload>, context: JobContext): Promise<void>;
}

export function defineJob<Payload extends z.ZodType, Name extends string>(definition: JobDefinition<Payload, Name>): JobDefinition<Payload, Name> {
  return definition;
}
