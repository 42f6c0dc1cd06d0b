import { z } from "zod";
import { SEED_KINDS } from "@/lib/synthesis/seed-kinds";

/**
 * The worker queues: groups of jobs by what a machine needs to run them, so `rosetta worker --queues`
 * can put code execution on machines with the toolchains and model calls elsewhere (README,
 * "Several machines"). A worker takes every queue unless told otherwise.
 */
export const WORKER_QUEUES = {
  synthesis: "seed pairs, agents, discussions and the runs' progress: model calls only (reaches the endpoints)",
  verify: "code against its tests in the sandbox, and the self-correction that follows a failure (toolchains, bubblewrap, the endpoints)",
  solve: "the independent check: answers sampled and run against tests written apart (the endpoints, toolchains, bubblewrap)",
  dpo: "DPO answers sampled and executed (the endpoints, toolchains, bubblewrap)",
  eval: "benchmark problems asked and executed (the endpoints, toolchains, bubblewrap)",
  maintenance: "counts and near-duplicate clusters (the database only)",
} as const;
export type WorkerQueue = keyof typeof WORKER_QUEUES;
export const WORKER_QUEUE_NAMES = Object.keys(WORKER_QUEUES) as WorkerQueue[];

/** The jobs of the given queues (every job when none are given). */
export function jobsOfQueues(queues: readonly WorkerQueue[] | undefined): JobName[] {
  return (Object.keys(JOB_SPECS) as JobName[]).filter((name) => !queues?.length || queues.includes(JOB_SPECS[name].queue));
}

/** Reads "verify,solve" (a flag or ROSETTA_WORKER_QUEUES); an unknown name is an error listing the queues. */
export function parseWorkerQueues(raw: string | undefined): WorkerQueue[] | undefined {
  const names = (raw ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names.length || names.includes("all")) return undefined;
  const unknown = names.filter((name) => !(name in WORKER_QUEUES));
  if (unknown.length)
    throw new Error(
      `unknown worker queue${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; the queues are ${WORKER_QUEUE_NAMES.join(", ")} (or all)`,
    );
  return [...new Set(names)] as WorkerQueue[];
}

/**
 * Every job's name, payload schema (ids, never whole rows: the row is the truth) and attempt budget,
 * apart from the handlers. Enqueueing reads only this, so code that starts work (a run advancing,
 * a reviewer's edit) does not import the handlers that do it (lib/jobs/registry.ts).
 */
export const JOB_SPECS = {
  "project.refresh-snippet-count": { payload: z.object({ projectId: z.uuid() }), maxAttempts: 5, queue: "maintenance" },
  // First in line (a lower priority runs first): it tops the run's window up and starts the next stage
  // or round, so behind the window's item jobs it would leave slots idle at every barrier.
  "synthesis.advance": { payload: z.object({ runId: z.uuid() }), maxAttempts: 10, queue: "synthesis", priority: -10 },
  "synthesis.seed": {
    payload: z.object({ runId: z.uuid(), snippetId: z.uuid(), kind: z.enum(SEED_KINDS) }),
    maxAttempts: 5,
    queue: "synthesis",
  },
  "synthesis.agents": { payload: z.object({ runId: z.uuid() }), maxAttempts: 5, queue: "synthesis" },
  "synthesis.discuss": { payload: z.object({ runId: z.uuid(), discussionId: z.uuid() }), maxAttempts: 5, queue: "synthesis" },
  "synthesis.verify": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 3, queue: "verify" },
  "synthesis.solve": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 5, queue: "solve" },
  "synthesis.dpo": { payload: z.object({ runId: z.uuid(), candidateId: z.uuid() }), maxAttempts: 5, queue: "dpo" },
  "review.verify-revision": { payload: z.object({ revisionId: z.uuid() }), maxAttempts: 3, queue: "verify" },
  "quality.cluster": { payload: z.object({ projectId: z.uuid() }), maxAttempts: 3, queue: "maintenance" },
  "eval.problem": {
    payload: z.object({ evalRunId: z.uuid(), language: z.string().min(1), taskId: z.string().min(1) }),
    maxAttempts: 3,
    queue: "eval",
  },
} as const satisfies Record<string, { payload: z.ZodType; maxAttempts: number; queue: WorkerQueue; priority?: number }>;

export type JobName = keyof typeof JOB_SPECS;
export type JobPayload<Name extends JobName> = z.infer<(typeof JOB_SPECS)[Name]["payload"]>;
