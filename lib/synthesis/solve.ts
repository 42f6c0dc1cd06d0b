import "server-only";
import type { Db } from "@/lib/db/client";
import type { VerificationStatus } from "@/lib/db/generated/enums";
import { ds1ResponsePrompt, independentTestsPrompt } from "@/lib/agents/prompts";
import { tokenLength } from "@/lib/datasets/token-lengths";
import type { Language } from "@/lib/languages";
import { CONTRACTS } from "@/lib/llm/parse";
import { difficultyOf } from "@/lib/quality/difficulty";
import { extractInterface } from "@/lib/quality/interface";
import { keptAnswer } from "@/lib/quality/keep";
import { appendRevision } from "@/lib/review/append-revision";
import { tail } from "@/lib/sandbox/languages";
import type { VerifyResult } from "@/lib/sandbox/verify";
import { inBatches } from "@/lib/synthesis/dpo";
import { asItemFailure, isUnusableAnswer, ItemFailure } from "@/lib/synthesis/items";
import { callRole } from "@/lib/synthesis/roles";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { durableSteps, settleSteps } from "@/lib/synthesis/steps";
import { VERIFICATION_STATUS, verificationRecord, verificationRunData } from "@/lib/synthesis/verification";

/**
 * The independent check of an item (the SOLVE stage), for the agents' items and seed pairs alike: a
 * test writer that sees the instruction and the solution's interface, never its code, writes tests;
 * k answers sampled from the response role run against them (SelfCodeAlign's rejection sampling),
 * and so does the item's own solution. The solve rate gives the difficulty; an item nothing solved
 * gets extra attempts, stopping at the first pass, then is marked unsolved with its failing output.
 * The kept solution is a passing one (fewest tokens, or best covered); when it is not the current
 * solution, or the tests are new, an agent revision carries it with the independent tests — unless
 * a person wrote the current revision or already decided the item: then the check is recorded only.
 *
 * Every model answer is a durable step keyed by the revision, so a retried job pays only for what
 * it lacks. An answer unusable after the gateway's repair round is skipped and counted; the item
 * fails when the test writer fails, when no answer is usable, or when there is no sandbox.
 */

const SAMPLING_CONCURRENCY = 8;
const OUTPUT_CHARS = 4_000;

type SampleStep = { solution: string } | { unusable: string; kind: string };
interface Trial {
  index: number;
  solution: string;
  unusable?: string;
  result?: VerifyResult;
}

interface Revision {
  id: string;
  number: number;
  parentId: string | null;
  authorKind: string;
  instruction: string;
  solution: string;
  tests: string;
}

/**
 * Whether a check already covers this revision: it checked it, or it appended it (an agent revision
 * whose parent was checked and whose tests are that check's). The stage's query says the same in SQL.
 */
export async function solveCheckCovers(db: Db, revision: Revision): Promise<boolean> {
  const checked = await db.solveCheck.count({ where: { revisionId: revision.id } });
  if (checked) return true;
  if (revision.authorKind !== "AGENT" || !revision.parentId) return false;
  return (await db.solveCheck.count({ where: { revisionId: revision.parentId, tests: revision.tests } })) > 0;
}

export async function runSolveCheck({
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
  const candidate = await db.candidate.findUnique({ where: { id: candidateId }, include: { currentRevision: true } });
  if (!candidate?.currentRevision) throw new ItemFailure("the candidate was deleted or has no revision");
  const revision = candidate.currentRevision;
  if (await solveCheckCovers(db, revision)) return; // a retried job, or checked meanwhile
  const sandbox = services.sandbox.status();
  if (!sandbox.ok) throw new ItemFailure(`not checked: ${sandbox.reason}`);
  const { language } = candidate;
  const { solveSamples: count, extraAttempts, solveTemperature: temperature, keep, coverage } = settings.quality;
  const key = `solve:${revision.id}`;
  const durable = durableSteps(db, key);
  const base = { projectId: candidate.projectId, runId, stage: "solve", language, signal, recordWithStep: true };
  const limits = settings.verification.limits[language as Language] ?? {};
  const run = (code: string, tests: string) => services.sandbox.verify({ language, code, tests }, { limits, coverage });
  const signature = extractInterface(revision.solution, language);

  let tests: string;
  try {
    ({ tests } = await durable("tests", async () => {
      const { value, result } = await callRole(db, services, CONTRACTS.tests, {
        ...base,
        role: "test_writer",
        messages: independentTestsPrompt({ instruction: revision.instruction, interface: signature, language }),
      });
      return { value, llmCallId: result.llmCallId, row: result.row };
    }));
  } catch (error) {
    const failure = asItemFailure(error);
    if (!failure) throw error;
    throw new ItemFailure(`the test writer gave no tests: ${failure.message}`, failure.raw, failure.kind);
  }

  const sample = async (index: number): Promise<Trial> => {
    const step = await durable<SampleStep>(`sample:${index}`, async () => {
      try {
        const { value, result } = await callRole(db, services, CONTRACTS.response, {
          ...base,
          role: "response_generator",
          messages: ds1ResponsePrompt({ instruction: revision.instruction, language }),
          temperature,
          seed: index + 1,
        });
        return { value: { solution: value.solution }, llmCallId: result.llmCallId, row: result.row };
      } catch (error) {
        if (!isUnusableAnswer(error)) throw error;
        return { value: { unusable: error.message.slice(0, 2000), kind: error.kind ?? "BadOutput" } };
      }
    });
    if ("unusable" in step) return { index, solution: "", unusable: `unusable answer (${step.kind}): ${step.unusable}` };
    return { index, solution: step.solution, result: await run(step.solution, tests) };
  };

  const startedAt = new Date().toISOString();
  const [trials, own, ownTests] = await Promise.all([
    inBatches(
      Array.from({ length: count }, (_, index) => index),
      SAMPLING_CONCURRENCY,
      sample,
    ),
    run(revision.solution, tests),
    ownTestsStatus(candidate.verificationStatus, revision, run),
  ]);
  if (trials.every((trial) => trial.unusable))
    throw new ItemFailure(`all ${count} sampled answers were unusable; the first: ${trials[0]!.unusable}`);
  const passedInSamples = trials.filter((trial) => trial.result?.status === "pass").length;
  const usableInSamples = trials.filter((trial) => trial.result).length;
  // Nothing solved it: more answers, one at a time, until one passes or the budget is spent.
  for (let index = count; !passedInSamples && index < count + extraAttempts; index++) {
    const trial = await sample(index);
    trials.push(trial);
    if (trial.result?.status === "pass") break;
  }

  const usable = trials.filter((trial) => trial.result);
  const passing = usable.filter((trial) => trial.result!.status === "pass");
  const solveRate = passing.length / usable.length;
  // A pass that only the extra attempts found is hard, whatever share it makes.
  const difficulty = passedInSamples ? difficultyOf(passedInSamples / usableInSamples) : passing.length ? "HARD" : "UNSOLVED";
  const kept = keptAnswer(
    [
      ...passing.map((trial) => ({ ...trial, result: trial.result!, tokens: tokenLength(trial.solution) })),
      ...(own.status === "pass"
        ? [{ index: "own" as const, solution: revision.solution, result: own, tokens: tokenLength(revision.solution) }]
        : []),
    ].map((answer) => ({ ...answer, coverage: answer.result.coverage?.ratio ?? null })),
    keep,
  );
  const lastFailure = [...usable].reverse().find((trial) => trial.result!.status !== "pass")?.result;
  const failingOutput =
    !passing.length && lastFailure
      ? `${lastFailure.reason}\n${tail(`${lastFailure.stdout}\n${lastFailure.stderr}`, OUTPUT_CHARS)}`.trim()
      : null;
  const measured = kept?.result.coverage;

  await db.$transaction(async (tx) => {
    // "decided" includes an annotator's standing decision on an item still pending (several annotators).
    const [row] = await tx.$queryRaw<{ current_revision_id: string | null; review_status: string; decided: boolean }[]>`
      select current_revision_id, review_status::text as review_status,
             exists (select 1 from reviews r where r.candidate_id = c.id
                      and not exists (select 1 from review_reopenings o where o.review_id = r.id)) as decided
        from candidates c where id = ${candidateId}::uuid for update of c`;
    if (!row || (await tx.solveCheck.count({ where: { revisionId: revision.id } }))) return; // deleted, or a racing attempt recorded it
    const check = await tx.solveCheck.create({
      data: {
        candidateId,
        revisionId: revision.id,
        language,
        interface: signature,
        tests,
        samples: trials.length,
        passed: passing.length,
        solveRate,
        difficulty,
        keptTrialIndex: kept && kept.index !== "own" ? kept.index : null,
        ownSolutionStatus: VERIFICATION_STATUS[own.status],
        ownTestsStatus: ownTests,
        coverage: measured?.ratio ?? null,
        coveredLines: measured?.covered ?? null,
        totalLines: measured?.total ?? null,
        failingOutput,
      },
      select: { id: true },
    });
    await tx.solveTrial.createMany({
      data: trials.map((trial) => ({
        checkId: check.id,
        index: trial.index,
        solution: trial.solution,
        status: trial.result ? VERIFICATION_STATUS[trial.result.status] : ("ERROR" as const),
        reason: (trial.unusable ?? trial.result!.reason).slice(0, OUTPUT_CHARS),
        outputTokens: trial.result ? tokenLength(trial.solution) : null,
        durationMs: trial.result?.durationMs ?? null,
      })),
    });
    await settleSteps(tx, key); // the answers are in solve_trials now
    const summary = { difficulty, solveRate, coverage: measured?.ratio ?? null };
    // A person's edit arrived meanwhile: the check stays with the revision it checked.
    if (row.current_revision_id !== revision.id) return;
    // A person's revision is never replaced, nor an item a person decided: the check is recorded only.
    if (revision.authorKind === "HUMAN" || row.review_status !== "PENDING" || row.decided) {
      await tx.candidate.update({ where: { id: candidateId }, data: summary });
      return;
    }
    if (kept && (kept.index !== "own" || revision.tests !== tests)) {
      const note =
        kept.index === "own"
          ? "independent tests (written without seeing the solution) replace the agent's own; the solution passes them"
          : `kept answer ${kept.index + 1} of ${trials.length} — passes the independent tests, ${keep === "fewest_tokens" ? "fewest tokens" : "best covered"}${own.status === "pass" ? "" : `; the previous solution ${own.status === "fail" ? "fails them" : `ends in ${own.status}`}`}`;
      const next = await appendRevision(tx, {
        candidateId,
        parent: revision,
        author: { kind: "AGENT" },
        instruction: revision.instruction,
        solution: kept.solution,
        tests,
        note,
        verificationStatus: "PASS",
      });
      const round = await tx.verificationRun.count({ where: { candidateId } });
      await tx.verificationRun.create({
        data: verificationRunData(candidateId, next.id, language, round, verificationRecord(kept.result, startedAt)),
      });
      await tx.candidate.update({ where: { id: candidateId }, data: summary });
      return;
    }
    // The verdict follows the kept solution against the independent tests (none kept: the item's own fails them).
    await tx.candidate.update({
      where: { id: candidateId },
      data: { ...summary, verificationStatus: kept ? "PASS" : VERIFICATION_STATUS[own.status] },
    });
  });
}

/** The agent's solution against its own tests: the verdict it has, or a run when it has none and there are tests. */
async function ownTestsStatus(
  status: VerificationStatus,
  revision: Revision,
  run: (code: string, tests: string) => Promise<VerifyResult>,
): Promise<VerificationStatus | null> {
  if (status !== "PENDING" && status !== "RUNNING") return status;
  if (!revision.tests.trim()) return null;
  return VERIFICATION_STATUS[(await run(revision.solution, revision.tests)).status];
}
