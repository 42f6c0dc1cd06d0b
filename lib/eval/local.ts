import type { Db } from "@/lib/db/client";
import type { EvalVerdict } from "@/lib/db/generated/enums";
import { evaluateProblem, type EvalServices } from "@/lib/eval/evaluate";
import { refreshEvalRun } from "@/lib/eval/summary";
import type { EvalProblem } from "@/lib/eval/types";
import type { ResolvedEndpoint } from "@/lib/llm/profiles";

/**
 * An evaluation run in this process (`rosetta eval`): the same per-problem work as the queue's jobs
 * (lib/jobs/definitions/eval.ts), `concurrency` problems at a time, so that an API key given on the
 * command line never leaves this process. Interrupted, it is resumed by running it again: answered
 * samples are kept in eval_results and not asked again.
 */
export async function runEvaluationLocally({
  db,
  runId,
  problems,
  endpoint,
  services,
  concurrency = 4,
  signal,
  onSample,
}: {
  db: Db;
  runId: string;
  problems: EvalProblem[];
  endpoint: ResolvedEndpoint;
  services: EvalServices;
  concurrency?: number;
  signal?: AbortSignal;
  onSample?: (language: string, verdict: EvalVerdict) => void;
}): Promise<void> {
  const run = await db.evalRun.findUniqueOrThrow({
    where: { id: runId },
    select: { id: true, projectId: true, samples: true, temperature: true },
  });
  await db.evalRun.updateMany({ where: { id: runId, status: "QUEUED" }, data: { status: "RUNNING", startedAt: new Date() } });
  let next = 0;
  const worker = async () => {
    while (next < problems.length) {
      signal?.throwIfAborted();
      const problem = problems[next++]!;
      await evaluateProblem({ db, run, problem, endpoint, services, signal, onSample: (verdict) => onSample?.(problem.language, verdict) });
      await refreshEvalRun(db, runId);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, problems.length)) }, worker));
  await refreshEvalRun(db, runId);
}
