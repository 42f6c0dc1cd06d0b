import "server-only";
import type { Db } from "@/lib/db/client";
import { ds1ResponsePrompt, testWriterPrompt } from "@/lib/agents/prompts";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { Language } from "@/lib/languages";
import { CONTRACTS } from "@/lib/llm/parse";
import { asItemFailure, isUnusableAnswer, ItemFailure } from "@/lib/synthesis/items";
import { groupAnswers, pairAnswers, pairRule, type Sample } from "@/lib/synthesis/dpo-pairs";
import { callRole, roleEndpoint } from "@/lib/synthesis/roles";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { durableSteps, settleSteps } from "@/lib/synthesis/steps";

/**
 * Ds4, the DPO stage (paper §2.6, made configurable): a candidate's instruction is a query (which
 * candidates: `dpo.queries`, lib/synthesis/dpo-queries.ts); the policy role (the model being
 * trained, e.g. the SFT checkpoint) samples N answers at a temperature, each with its own seed, or
 * the response generator when no policy is bound (recorded on the query; the run summary says so).
 * The test writer writes tests for the query (unless the independent check wrote them already,
 * without the solution in view: then those), every distinct answer runs against them in the
 * sandbox, and passing answers are paired with failing ones as chosen/rejected (lib/synthesis/dpo-pairs.ts).
 * A query where every answer passes, or every one fails, is recorded as such: it yields no pair,
 * but it is not silently dropped. Every model answer is a durable step, so a retried job pays only
 * for what it lacks.
 *
 * One bad sample never sinks the query: an answer that stays unusable after the gateway's repair
 * round (BadOutput, Truncated) is stored as such (a retried job does not buy it again), skipped and
 * counted in `dpo_queries.unusable`; the pairs come from the usable ones. The item fails only when
 * the test writer fails or no sample at all was usable.
 */

/**
 * Sample requests one query keeps in flight: as many as the endpoint serves at once (a vLLM policy
 * batches them; fewer would serialise 128 samples), at most this many, so one query's samples do
 * not take every slot of a large endpoint while other queries wait. The endpoint's limiter still
 * caps what all jobs and workers send together.
 */
const SAMPLING_CONCURRENCY_MAX = 32;

/** A sample step as stored: the answer, or why it could not be used. */
type SampleStep = { solution: string } | { unusable: string; kind: string };

export async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

export async function runDpoQuery({
  db,
  services,
  runId,
  candidateId,
  settings,
  signal,
}: {
  db: Db;
  services: SynthesisServices;
  runId: string;
  candidateId: string;
  settings: ProjectSettings;
  signal?: AbortSignal;
}): Promise<void> {
  if (await db.dpoQuery.findUnique({ where: { candidateId }, select: { id: true } })) return; // done by an earlier attempt
  const candidate = await db.candidate.findUnique({ where: { id: candidateId }, include: { currentRevision: true } });
  if (!candidate?.currentRevision) throw new ItemFailure("the candidate was deleted or has no revision");
  if (candidate.source !== "DS3") return; // a seed item is never a DPO query (the stage does not pick them; an older queued job might)
  const sandbox = services.sandbox.status();
  if (!sandbox.ok) throw new ItemFailure(`cannot execute the sampled answers: ${sandbox.reason}`);
  const { instruction, solution } = candidate.currentRevision;
  const language = candidate.language;
  const { samples: count, temperature, pairsPerQuery } = settings.dpo;
  const key = `dpo:${candidateId}`;
  const durable = durableSteps(db, key);
  const base = { projectId: candidate.projectId, runId, stage: "dpo", language, signal, recordWithStep: true };

  // The independent check's tests, when the item has them for this instruction: written without the
  // solution in view, they judge the samples better than tests written beside a reference.
  const independent = await db.solveCheck.findFirst({
    where: { candidateId, revision: { instruction } },
    orderBy: { createdAt: "desc" },
    select: { tests: true },
  });
  let tests: string;
  if (independent) tests = independent.tests;
  else
    try {
      ({ tests } = await durable("tests", async () => {
        const { value, result } = await callRole(db, services, CONTRACTS.tests, {
          ...base,
          role: "test_writer",
          messages: testWriterPrompt({ instruction, reference: solution, language }),
        });
        return { value, llmCallId: result.llmCallId, row: result.row };
      }));
    } catch (error) {
      const failure = asItemFailure(error);
      if (!failure) throw error;
      throw new ItemFailure(`the test writer gave no tests: ${failure.message}`, failure.raw, failure.kind);
    }
  // The model being trained, when bound; otherwise the response generator (said loudly in the run summary).
  const policy = await db.projectRoleBinding.findUnique({
    where: { projectId_role: { projectId: candidate.projectId, role: "POLICY" } },
    select: { id: true },
  });
  const role = policy ? "policy" : "response_generator";
  const endpoint = await roleEndpoint(db, services.secretKey, candidate.projectId, role);
  const concurrency = Math.min(SAMPLING_CONCURRENCY_MAX, Math.max(1, endpoint.maxConcurrency));
  const steps = await inBatches(
    Array.from({ length: count }, (_, index) => index),
    concurrency,
    async (index) => ({
      index,
      step: await durable<SampleStep>(`sample:${index}`, async () => {
        try {
          const { value, result } = await callRole(db, services, CONTRACTS.response, {
            ...base,
            role,
            messages: ds1ResponsePrompt({ instruction, language }),
            temperature,
            seed: index + 1,
          });
          return { value, llmCallId: result.llmCallId, row: result.row };
        } catch (error) {
          if (!isUnusableAnswer(error)) throw error;
          return { value: { unusable: error.message.slice(0, 2000), kind: error.kind ?? "BadOutput" } };
        }
      }),
    }),
  );
  const answers: Sample[] = steps.flatMap(({ index, step }) => ("solution" in step ? [{ index, solution: step.solution }] : []));
  const unusable = steps.flatMap(({ index, step }) => ("unusable" in step ? [{ index, ...step }] : []));
  if (!answers.length)
    throw new ItemFailure(
      `all ${count} sampled answers were unusable (${[...new Set(unusable.map((u) => u.kind))].join(", ")}); the first: ${unusable[0]!.unusable}`,
    );
  const limits = settings.verification.limits[language as Language] ?? {};
  // Identical answers (common at 128 samples of one model) run once: the verdict is the code's.
  const distinct = groupAnswers(answers);
  const judged = await Promise.all(
    distinct.map(async (group) => ({
      ...group,
      result: await services.sandbox.verify({ language, code: group.solution, tests }, { limits }),
    })),
  );
  const { passed, failed, outcome, pairs } = pairAnswers(judged, pairsPerQuery);
  await db.$transaction(async (tx) => {
    const query = await tx.dpoQuery.create({
      data: {
        projectId: candidate.projectId,
        candidateId,
        language,
        prompt: instruction,
        tests,
        samples: count,
        temperature,
        passed,
        failed,
        unusable: unusable.length,
        outcome,
        sampledBy: policy ? "POLICY" : "RESPONSE_GENERATOR",
      },
    });
    await tx.dpoPair.createMany({
      data: pairs.map(({ chosen, rejected }) => ({
        projectId: candidate.projectId,
        source: "VERIFIER" as const,
        dpoQueryId: query.id,
        candidateId,
        language,
        prompt: instruction,
        chosen: chosen.solution,
        rejected: rejected.solution,
        rule: pairRule({ chosen, rejected, count }),
      })),
    });
    await settleSteps(tx, key);
  });
}
