import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { ds1InstructionPrompt, ds1ResponsePrompt, ds2InstructionPrompt, ds2ResponsePrompt, scorerPrompt } from "@/lib/agents/prompts";
import { reflectionFromScores } from "@/lib/agents/reflection";
import type { WorkerServices } from "@/lib/jobs/define";
import { CONTRACTS } from "@/lib/llm/parse";
import { ItemFailure, asItemFailure } from "@/lib/synthesis/items";
import { callRole } from "@/lib/synthesis/roles";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { durableStep } from "@/lib/synthesis/steps";

/**
 * Stage 1: a snippet becomes seed pairs. Ds1 asks for an instruction from the snippet, then an
 * answer to it; Ds2 asks for an answer from the snippet first, then its instruction. The 9-aspect
 * scorer rates each pair and pairs at or above the threshold are kept. Every model answer is a
 * durable step, so a retried job pays only for what it did not get yet.
 */

type Kind = "DS1" | "DS2";

export async function generateSeeds({
  db,
  services,
  runId,
  snippetId,
  settings,
  signal,
}: {
  db: Db;
  services: WorkerServices;
  runId: string;
  snippetId: string;
  settings: ProjectSettings;
  signal?: AbortSignal;
}): Promise<void> {
  const snippet = await db.snippet.findUnique({ where: { id: snippetId }, select: { id: true, projectId: true, code: true, language: true } });
  if (!snippet) throw new ItemFailure("the snippet was deleted");
  const existing = new Set((await db.seedSample.findMany({ where: { snippetId }, select: { kind: true } })).map((seed) => seed.kind));
  const failures: ItemFailure[] = [];
  for (const kind of settings.seed.kinds) {
    if (existing.has(kind)) continue;
    try {
      await seedOfKind(kind);
    } catch (error) {
      const failure = asItemFailure(error);
      if (!failure) throw error;
      failures.push(new ItemFailure(`${kind}: ${failure.message}`, failure.raw));
    }
  }
  if (failures.length) throw new ItemFailure(failures.map((f) => f.message).join("; "), failures.find((f) => f.raw)?.raw);

  async function seedOfKind(kind: Kind) {
    const key = `seed:${snippetId}:${kind}`;
    const base = { projectId: snippet!.projectId, runId, stage: "seed", language: snippet!.language, signal };
    const ask = <T>(step: string, run: () => Promise<{ value: T; result: { llmCallId: string } }>) =>
      durableStep(db, key, step, async () => {
        const { value, result } = await run();
        return { value, llmCallId: result.llmCallId };
      });
    const code = snippet!.code;
    const language = snippet!.language;
    let instruction: string;
    let solution: string;
    if (kind === "DS1") {
      ({ instruction } = await ask("instruction", () => callRole(db, services, CONTRACTS.instruction, { ...base, role: "instruction_generator", messages: ds1InstructionPrompt({ code, language }) })));
      ({ solution } = await ask("response", () => callRole(db, services, CONTRACTS.response, { ...base, role: "response_generator", messages: ds1ResponsePrompt({ instruction, language }) })));
    } else {
      ({ solution } = await ask("response", () => callRole(db, services, CONTRACTS.response, { ...base, role: "response_generator", messages: ds2ResponsePrompt({ code, language }) })));
      ({ instruction } = await ask("instruction", () => callRole(db, services, CONTRACTS.instruction, { ...base, role: "instruction_generator", messages: ds2InstructionPrompt({ solution, language }) })));
    }
    const scores = await ask("score", () => callRole(db, services, CONTRACTS.scores, { ...base, stage: "seed-score", role: "scorer", messages: scorerPrompt({ instruction, solution }) }));
    const { total } = reflectionFromScores(scores);
    await db.seedSample.createMany({
      data: [
        {
          projectId: snippet!.projectId,
          snippetId,
          kind,
          status: total >= settings.seed.threshold ? "KEPT" : "DROPPED",
          language,
          instruction,
          solution,
          scores: scores as Prisma.InputJsonValue,
          totalScore: total,
        },
      ],
      skipDuplicates: true,
    });
  }
}
