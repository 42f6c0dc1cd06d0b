import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { LivePublisher } from "@/lib/live/publisher";
import type { Gateway } from "@/lib/llm/gateway";
import type { SandboxPool } from "@/lib/sandbox/verify";

/** What a worker process shares between its jobs. */
export interface WorkerServices {
  gateway: Gateway;
  live: LivePublisher;
  /** Decrypts endpoint API keys. */
  secretKey: string | undefined;
  /** Runs candidates' code against their tests. */
  sandbox: SandboxPool;
}

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
