import { defineJob } from "@/lib/jobs/define";
import { runEndpoint } from "@/lib/eval/endpoint";
import { evaluateProblem } from "@/lib/eval/evaluate";
import { runProblems } from "@/lib/eval/start";
import { refreshEvalRun } from "@/lib/eval/summary";

/**
 * One problem of an evaluation (lib/eval/start.ts enqueues them): its k samples asked and run, then
 * the run's progress and scores refreshed. Samples already answered are skipped, so a retried or
 * resumed job never asks again what it has.
 */
export const evalProblem = defineJob(
  "eval.problem",
  async ({ evalRunId, language, taskId }, { db, services, signal, log, lastAttempt }) => {
    const run = await db.evalRun.findUnique({ where: { id: evalRunId } });
    if (!run || run.status === "CANCELLED" || run.status === "FAILED") return; // deleted or stopped meanwhile
    const problem = (await runProblems(db, run)).find((candidate) => candidate.language === language && candidate.taskId === taskId);
    if (!problem) {
      log(`eval ${evalRunId}: ${language} ${taskId} is no longer in the suite`);
      return;
    }
    await db.evalRun.updateMany({ where: { id: evalRunId, status: "QUEUED" }, data: { status: "RUNNING", startedAt: new Date() } });
    const endpoint = await runEndpoint(db, services.secretKey, run);
    try {
      await evaluateProblem({ db, run, problem, endpoint, services, signal });
    } catch (error) {
      // The queue gives up after this attempt: the run says why instead of waiting for ever.
      if (lastAttempt && !signal.aborted)
        await db.evalRun.update({
          where: { id: evalRunId },
          data: { status: "FAILED", error: `${language} ${taskId}: ${(error as Error).message}`.slice(0, 2000), finishedAt: new Date() },
        });
      throw error;
    }
    const { done, total } = await refreshEvalRun(db, evalRunId);
    log(`eval ${evalRunId}: ${language} ${taskId} settled (${done}/${total})`);
  },
);
