import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { uuidv7 } from "@/lib/ids";
import { ds1InstructionPrompt, ds1ResponsePrompt, ds2InstructionPrompt, ds2ResponsePrompt, scorerPrompt } from "@/lib/agents/prompts";
import { reflectionFromScores } from "@/lib/agents/reflection";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { CallResult } from "@/lib/llm/gateway";
import { CONTRACTS } from "@/lib/llm/parse";
import { ItemFailure } from "@/lib/synthesis/items";
import { callRole } from "@/lib/synthesis/roles";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { prepareContaminationCheck, warmContaminationIndex } from "@/lib/quality/check-candidates";
import { ensureSeedItem } from "@/lib/synthesis/seed-items";
import { durableSteps, settleSteps, settleStepsSql } from "@/lib/synthesis/steps";
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
  // The snippet and whether its seed of this kind exists, in one look-up.
  const [snippet] = await db.$queryRaw<{ projectId: string; code: string; language: string; instruction: string | null; made: boolean }[]>`
    select s.project_id as "projectId", s.code, s.language, s.instruction,
      exists (select 1 from seed_samples x where x.snippet_id = s.id and x.kind = ${kind}::seed_kind) as made
    from snippets s where s.id = ${snippetId}::uuid`;
  if (!snippet) throw new ItemFailure("the snippet was deleted");
  if (snippet.made) return; // made by an earlier attempt or run
  warmContaminationIndex(settings);
  const { projectId, code, language } = snippet;
  const key = `seed:${snippetId}:${kind}`;
  const base = { projectId, runId, stage: "seed", language, signal, recordWithStep: true };
  const durable = durableSteps(db, key);
  const ask = <T>(step: string, run: () => Promise<{ value: T; result: Pick<CallResult, "llmCallId" | "row"> }>) =>
    durable(step, async () => {
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
  const seed = Prisma.sql`
    insert into seed_samples (id, project_id, snippet_id, kind, status, language, instruction, solution, scores, total_score, updated_at)
    values (${uuidv7()}::uuid, ${projectId}::uuid, ${snippetId}::uuid, ${kind}::seed_kind, ${kept ? "KEPT" : "DROPPED"}::seed_status,
      ${language}, ${instruction}, ${solution}, ${JSON.stringify(scores)}::jsonb, ${total}, now())
    on conflict (snippet_id, kind) do nothing`;
  // A dropped pair is the seed alone: it and its steps' roll-up in one statement.
  if (!kept) {
    await db.$executeRaw(settleStepsSql(key, seed));
    return;
  }
  // The seed and its reviewable item go in together: a retry never finds one without the other.
  await db.$transaction(async (tx) => {
    const [fresh] = await tx.$queryRaw<SeedRow[]>`${seed} returning ${SEED_ROW}`;
    // Not fresh: another worker on this item (taken for dead) stored it first, kept or not.
    const stored =
      fresh ??
      (
        await tx.$queryRaw<
          SeedRow[]
        >`select ${SEED_ROW} from seed_samples where snippet_id = ${snippetId}::uuid and kind = ${kind}::seed_kind`
      )[0]!;
    if (stored.status === "KEPT") await ensureSeedItem(tx, stored, { fresh: fresh !== undefined });
    await settleSteps(tx, key);
  });
}

type SeedRow = Parameters<typeof ensureSeedItem>[1] & { status: "KEPT" | "DROPPED" };
const SEED_ROW = Prisma.sql`id, project_id as "projectId", kind::text as kind, status::text as status, language, instruction, solution, scores, total_score as "totalScore"`;
