import type { Db } from "@/lib/db/client";
import { JOB_SPECS, type JobName, type JobPayload } from "@/lib/jobs/specs";
import type { SynthesisServices } from "@/lib/synthesis/services";

/** What a worker process shares between its jobs (today: what the synthesis stages need). */
export type WorkerServices = SynthesisServices;

export interface JobContext {
  db: Db;
  /** Aborts when the worker is shutting down; long steps should stop at the next safe point. */
  signal: AbortSignal;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** This is the last attempt the queue will make: a handler should record the failure now. */
  lastAttempt: boolean;
  services: WorkerServices;
  log(message: string): void;
}

/**
 * A job: its spec (name, payload schema, attempts: lib/jobs/specs.ts) and an idempotent handler.
 * Running it twice for the same payload must leave the same state as once, because a worker that
 * dies mid-job hands the job to another.
 */
export interface JobDefinition<Name extends JobName = JobName> {
  name: Name;
  payload: (typeof JOB_SPECS)[Name]["payload"];
  /** Attempts before the queue gives up (with exponential backoff between them). */
  maxAttempts: number;
  run(payload: JobPayload<Name>, context: JobContext): Promise<void>;
}

export function defineJob<Name extends JobName>(name: Name, run: JobDefinition<Name>["run"]): JobDefinition<Name> {
  return { name, ...JOB_SPECS[name], run };
}
