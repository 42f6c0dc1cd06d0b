import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueueJobs } from "@/lib/jobs/enqueue";
import { loadSuite } from "@/lib/eval/project-suite";
import { selectProblems } from "@/lib/eval/suites";
import { emptySummary } from "@/lib/eval/summary";
import { StartEvalInput, type EvalProblem } from "@/lib/eval/types";

/**
 * Starts an evaluation: the eval_runs row (total = problems × k) and one job per problem on the
 * queue (lib/jobs/definitions/eval.ts), each asking its k samples. `rosetta eval` passes
 * `enqueue: false` and runs the same problems in its own process (lib/eval/local.ts), so that an
 * API key given on its command line stays in that process's memory: a stored run never holds a key,
 * and a queued run asks through a stored endpoint profile (its key encrypted there) or a keyless URL.
 */

export interface StartedEvaluation {
  run: { id: string; total: number; languages: string[] };
  problems: EvalProblem[];
}

export async function startEvaluation({
  db,
  projectId,
  createdById,
  input: raw,
  apiKey,
  enqueue = true,
}: {
  db: Db;
  projectId?: string;
  createdById?: string;
  input: StartEvalInput;
  apiKey?: string;
  enqueue?: boolean;
}): Promise<StartedEvaluation> {
  const parsed = StartEvalInput.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid evaluation: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  const input = parsed.data;
  if (apiKey && enqueue)
    throw new AppError(
      "BAD_REQUEST",
      "An API key given for one evaluation is never stored: use a stored endpoint profile for a queued run.",
    );
  let baseUrl = input.baseUrl;
  let model = input.model;
  if (input.endpointProfileId) {
    const profile = await db.endpointProfile.findUnique({ where: { id: input.endpointProfileId }, select: { baseUrl: true, model: true } });
    if (!profile) throw new AppError("NOT_FOUND", `No endpoint profile ${input.endpointProfileId}.`);
    baseUrl = profile.baseUrl;
    model = input.model ?? profile.model;
  }
  if (!baseUrl || !model) throw new AppError("BAD_REQUEST", "An evaluation needs an endpoint profile, or a base URL and a model.");
  const { problems, excluded, languages } = selectProblems(
    await loadSuite(db, input.suite, projectId),
    input.suite,
    input.languages,
    input.limit,
  );
  const perLanguage = Object.fromEntries(languages.map((language) => [language, problems.filter((p) => p.language === language).length]));
  const run = await db.$transaction(async (tx) => {
    const created = await tx.evalRun.create({
      data: {
        projectId: projectId ?? null,
        label: input.label ?? `${model} on ${input.suite}`,
        endpointProfileId: input.endpointProfileId ?? null,
        baseUrl,
        model,
        suite: input.suite,
        languages,
        problemLimit: input.limit ?? null,
        samples: input.samples,
        temperature: input.temperature,
        datasetVersionId: input.datasetVersionId ?? null,
        total: problems.length * input.samples,
        summary: emptySummary(perLanguage, excluded, input.samples) as object,
        createdById: createdById ?? null,
        ...(problems.length ? {} : { status: "SUCCEEDED", finishedAt: new Date() }),
      },
      select: { id: true, total: true, languages: true },
    });
    if (enqueue)
      await enqueueJobs(
        tx,
        "eval.problem",
        problems.map((problem) => ({
          payload: { evalRunId: created.id, language: problem.language, taskId: problem.taskId },
          jobKey: `eval:${created.id}:${problem.language}:${problem.taskId}`,
        })),
      );
    return created;
  });
  return { run, problems };
}

/** The problems of a stored run, selected again as it was started (for resuming it). */
export async function runProblems(
  db: Db,
  run: { suite: string; projectId: string | null; languages: string[]; problemLimit: number | null },
): Promise<EvalProblem[]> {
  return selectProblems(await loadSuite(db, run.suite, run.projectId), run.suite, run.languages, run.problemLimit ?? undefined).problems;
}
