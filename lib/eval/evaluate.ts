import type { Db } from "@/lib/db/client";
import type { EvalVerdict } from "@/lib/db/generated/enums";
import { extractCode, programFor } from "@/lib/eval/extract";
import { harnessInput } from "@/lib/eval/harness";
import { evalMessages } from "@/lib/eval/prompt";
import type { EvalProblem } from "@/lib/eval/types";
import type { Gateway } from "@/lib/llm/gateway";
import type { ResolvedEndpoint } from "@/lib/llm/profiles";
import { tail } from "@/lib/sandbox/languages";
import type { SandboxPool } from "@/lib/sandbox/verify";

/**
 * One problem of an evaluation: k answers asked, their code taken and run against the problem's
 * tests. Each answer is kept as its eval_results row once it has a verdict (unique per run,
 * language, task and sample), so a problem taken up again (a resumed run, a retried job) asks only
 * for the samples it has not got.
 */

export interface EvalRunRef {
  id: string;
  projectId: string | null;
  samples: number;
  temperature: number;
}

export interface EvalServices {
  gateway: Gateway;
  sandbox: SandboxPool;
}

const VERDICTS = { pass: "PASS", fail: "FAIL", error: "ERROR", timeout: "TIMEOUT" } as const satisfies Record<string, EvalVerdict>;

export async function evaluateProblem({
  db,
  run,
  problem,
  endpoint,
  services,
  signal,
  onSample,
}: {
  db: Db;
  run: EvalRunRef;
  problem: EvalProblem;
  endpoint: ResolvedEndpoint;
  services: EvalServices;
  signal?: AbortSignal;
  onSample?: (verdict: EvalVerdict) => void;
}): Promise<void> {
  const answered = await db.evalResult.findMany({
    where: { evalRunId: run.id, language: problem.language, taskId: problem.taskId },
    select: { sampleIndex: true },
  });
  const have = new Set(answered.map((row) => row.sampleIndex));
  for (let sample = 0; sample < run.samples; sample++) {
    if (have.has(sample)) continue;
    signal?.throwIfAborted();
    const started = performance.now();
    let answer = "";
    let code: string | null = null;
    let verdict: EvalVerdict;
    let output = "";
    try {
      const result = await services.gateway.call(endpoint, {
        role: "response_generator",
        stage: "evaluation",
        language: problem.language,
        projectId: run.projectId ?? undefined,
        messages: evalMessages(problem),
        temperature: run.temperature,
        // k answers to one question differ by seed where the server honours one.
        seed: run.samples > 1 ? sample : undefined,
        signal,
      });
      answer = result.text;
      code = extractCode(answer, problem.language, problem.entryPoint);
      if (code === null) {
        verdict = "NO_CODE";
        output = "no code found in the answer";
      } else {
        const ran = await services.sandbox.verify(harnessInput(problem, programFor(problem, code)));
        verdict = VERDICTS[ran.status];
        output = ran.status === "pass" ? ran.reason : tail(`${ran.reason}\n${ran.stderr || ran.stdout}`, 2000);
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      if ((error as { code?: string }).code === "SANDBOX_UNAVAILABLE") throw error;
      verdict = "NO_ANSWER";
      output = `the model call failed: ${(error as Error).message}`.slice(0, 2000);
    }
    await db.evalResult.createMany({
      data: [
        {
          evalRunId: run.id,
          language: problem.language,
          taskId: problem.taskId,
          sampleIndex: sample,
          answer,
          code,
          verdict,
          output,
          durationMs: Math.round(performance.now() - started),
        },
      ],
      skipDuplicates: true,
    });
    onSample?.(verdict);
  }
}
