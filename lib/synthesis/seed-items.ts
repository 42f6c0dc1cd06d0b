import "server-only";
import type { Prisma } from "@/lib/db/client";
import { appendRevision } from "@/lib/review/append-revision";

/**
 * A kept seed pair is a reviewable item: a candidate with source DS1/DS2/IMPORTED, the seed's language and
 * scores, and a first revision by the agent with the seed's instruction and solution. Seeds carry
 * no tests, so VERIFY and DPO skip the item (they take DS3 items only); the SOLVE stage gives it
 * independent tests and a verdict (lib/synthesis/solve.ts). One item per seed (`seed_sample_id` is unique): calling this
 * again for the same seed changes nothing.
 */
export async function ensureSeedItem(
  tx: Prisma.TransactionClient,
  seed: {
    id: string;
    projectId: string;
    kind: "DS1" | "DS2" | "IMPORTED";
    language: string;
    instruction: string;
    solution: string;
    totalScore: number;
    scores: Prisma.JsonValue;
  },
  /** fresh: the seed was stored in this transaction, so no item can exist for it yet (no look-up). */
  { fresh = false }: { fresh?: boolean } = {},
): Promise<{ candidateId: string; created: boolean }> {
  const existing = fresh ? null : await tx.candidate.findUnique({ where: { seedSampleId: seed.id }, select: { id: true } });
  if (existing) return { candidateId: existing.id, created: false };
  const candidate = await tx.candidate.create({
    data: {
      projectId: seed.projectId,
      source: seed.kind,
      seedSampleId: seed.id,
      language: seed.language,
      totalScore: seed.totalScore,
      scores: seed.scores as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  await appendRevision(tx, {
    candidateId: candidate.id,
    parent: null,
    author: { kind: "AGENT" },
    instruction: seed.instruction,
    solution: seed.solution,
    tests: "",
    note: `seed pair ${seed.kind} ${seed.id}`,
  });
  return { candidateId: candidate.id, created: true };
}
