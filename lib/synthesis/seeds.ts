import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { ds1InstructionPrompt, ds1ResponsePrompt, ds2InstructionPrompt, ds2ResponsePrompt, scorerPrompt } from "@/lib/agents/prompts";
import { reflectionFromScores } from "@/lib/agents/reflection";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { CallResult } from "@/lib/llm/gateway";
import { CONTRACTS } from "@/lib/llm/parse";
import { ItemFailure } from "@/lib/synthesis/items";
import { callRole } from "@/lib/synthesis/roles";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { prepareContaminationCheck } from "@/lib/quality/check-candidates";
import { ensureSeedItem } from "@/lib/synthesis/seed-items";
import { durableStep, settleSteps } from "@/lib/synthesis/steps";
import { SEED_KINDS, type SeedKind } from "@/lib/synthesis/seed-kinds";

/**
 * Stage 1: a snippet becomes seed pairs. Ds1 asks for an instruction from the snippet, then an
 * answer to it; Ds2 asks for an answer from the snippet first, then its instruction. The 9-aspect
 * scorer rates each pair and pairs at or above the threshold are kept. Each (snippet, kind) is a
 * run item of its own, so Ds1 and Ds2 succeed or fail independently and the counts say which.
 * A kept pair also becomes a reviewable item (lib/synthesis/seed-items.ts).
 * An imported instruction pair (a snippet with an instruction) is one item of kind IMPORTED: nothing
 * is generated, the pair as imported is scored with the same scorer and kept by the same threshold.
 * Every model answer is a durable step, so a retried job pays only for what it did not get yet.
 */

export { SEED_KINDS, type SeedKind } from "@/lib/synthesis/seed-kinds";

/** A seed stage run item's key: `<snippetId>:<kind>`, e.g. `0193…:DS1`. */
export function seedItemKey(snippetId: string, kind: SeedKind): string {
  return `${snippetId}:${kind}`;
}

export function parseSeedItemKey(itemKey: string): { snippetId: string; kind: SeedKind } {
  const [snippetId, kind] = itemKey.split(":");
  if (!snippetId || !SEED_KINDS.includes(kind as SeedKind)) throw new Error(`not a seed item key: ${itemKey}`);
  return { snippetId, kind: kind as SeedKind };
}

export async function generateSeed({
  db,
  services,
  runId,
  snippetId,
  kind,
  settings,
  signal,
}: {
  db: Db;
  services: SynthesisServices;
  runId: string;
  snippetId: string;
  kind: SeedKind;
  settings: ProjectSettings;
  signal?: AbortSignal;
}): Promise<void> {
  const snippet = await db.snippet.findUnique({
    where: { id: snippetId },
    select: { id: true, projectId: true, code: true, language: true, instruction: true },
  });
  if (!snippet) throw new ItemFailure("the snippet was deleted");
  if (await db.seedSample.findFirst({ where: { snippetId, kind }, select: { id: true } })) return; // made by an earlier attempt or run
  const { projectId, code, language } = snippet;
  const key = `seed:${snippetId}:${kind}`;
  const base = { projectId, runId, stage: "seed", language, signal, recordWithStep: true };
  const ask = <T>(step: string, run: () => Promise<{ value: T; result: Pick<CallResult, "llmCallId" | "row"> }>) =>
    durableStep(db, key, step, async () => {
      const { value, result } = await run();
      return { value, llmCallId: result.llmCallId, row: result.row };
    });
  let instruction: string;
  let solution: string;
  if (kind === "IMPORTED") {
    if (snippet.instruction === null) throw new ItemFailure("the snippet is code, not an imported instruction pair");
    instruction = snippet.instruction;
    solution = code;
  } else if (kind === "DS1") {
    ({ instruction } = await ask("instruction", () =>
      callRole(db, services, CONTRACTS.instruction, {
        ...base,
        role: "instruction_generator",
        messages: ds1InstructionPrompt({ code, language }),
      }),
    ));
    ({ solution } = await ask("response", () =>
      callRole(db, services, CONTRACTS.response, {
        ...base,
        role: "response_generator",
        messages: ds1ResponsePrompt({ instruction, language }),
      }),
    ));
  } else {
    ({ solution } = await ask("response", () =>
      callRole(db, services, CONTRACTS.response, { ...base, role: "response_generator", messages: ds2ResponsePrompt({ code, language }) }),
    ));
    ({ instruction } = await ask("instruction", () =>
      callRole(db, services, CONTRACTS.instruction, {
        ...base,
        role: "instruction_generator",
        messages: ds2InstructionPrompt({ solution, language }),
      }),
    ));
  }
  const scores = await ask("score", () =>
    callRole(db, services, CONTRACTS.scores, {
      ...base,
      stage: "seed-score",
      role: "scorer",
      messages: scorerPrompt({ instruction, solution }),
    }),
  );
  const { total } = reflectionFromScores(scores);
  const kept = total >= settings.seed.threshold;
  // Only a kept pair becomes an item whose contamination is checked (two reads a pair otherwise).
  if (kept) await prepareContaminationCheck(db, projectId);
  // The seed and, when kept, its reviewable item go in together: a retry never finds one without the other.
  await db.$transaction(async (tx) => {
    await tx.seedSample.createMany({
      data: [
        {
          projectId,
          snippetId,
          kind,
          status: kept ? "KEPT" : "DROPPED",
          language,
          instruction,
          solution,
          scores: scores as Prisma.InputJsonValue,
          totalScore: total,
        },
      ],
      skipDuplicates: true,
    });
    const seed = await tx.seedSample.findUniqueOrThrow({ where: { snippetId_kind: { snippetId, kind } } });
    if (seed.status === "KEPT") await ensureSeedItem(tx, seed);
    await settleSteps(tx, key);
  });
}
