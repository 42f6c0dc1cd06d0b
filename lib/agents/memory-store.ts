import "server-only";
import type { Prisma } from "@/lib/db/client";
import { decideMemoryOffer } from "@/lib/agents/memory-policy";
import { minhashSignature } from "@/lib/agents/similarity";
import type { Reflection } from "@/lib/agents/reflection";

/**
 * An agent's memory in the database: the paper's priority queue (memory-policy.ts decides) with
 * every insert, rejection and eviction appended to memory_events in order, so that the studio can
 * replay how the memory evolved. Offers to one agent are serialised by a lock on the agent's row;
 * offers to different agents run in parallel.
 */

export type Tx = Prisma.TransactionClient;

export interface OfferedSample {
  language: string;
  instruction: string;
  solution: string;
  reflection: Reflection;
  /** The candidate this sample is, when it came out of a discussion. */
  candidateId?: string;
  /** The seed sample this sample is, when it seeds the memory. */
  seedSampleId?: string;
  /** Why it is offered, for the event log ("seed sample …", "discussion …"). */
  origin: string;
  /** The discussion that wrote it and its plan round: every event of this offer names them. */
  cause?: { discussionId: string; round: number };
}

export type OfferOutcome =
  | { kind: "inserted"; memoryItemId: string; evictedId: string | null }
  | { kind: "rejected"; similarTo: string; similarity: number }
  | { kind: "not-kept"; memoryItemId: string };

/** The text whose n-grams decide similarity: the problem and its solution. */
export function memorySignature(sample: { instruction: string; solution: string }): number[] {
  return minhashSignature(`${sample.instruction}\n${sample.solution}`);
}

/** Offers a sample to an agent's memory. Call inside a transaction: the lock lasts until it commits. */
export async function offerToMemory(tx: Tx, agentId: string, sample: OfferedSample): Promise<OfferOutcome> {
  const [agent] = await tx.$queryRaw<{ memory_capacity: number; similarity_threshold: number }[]>`
    select memory_capacity, similarity_threshold from agents where id = ${agentId}::uuid for update`;
  if (!agent) throw new Error(`agent ${agentId} does not exist`);
  const stored = await tx.memoryItem.findMany({
    where: { agentId, status: "IN_MEMORY" },
    select: { id: true, score: true, signature: true },
    orderBy: { insertedAt: "asc" },
  });
  const last = await tx.memoryEvent.findFirst({ where: { agentId }, orderBy: { seq: "desc" }, select: { seq: true } });
  let seq = last?.seq ?? 0;
  const signature = memorySignature(sample);
  const cause = { discussionId: sample.cause?.discussionId ?? null, round: sample.cause?.round ?? null };
  const offered = { seedSampleId: sample.seedSampleId ?? null, candidateId: sample.candidateId ?? null, ...cause };
  const score = sample.reflection.total;
  const decision = decideMemoryOffer({
    stored,
    offered: { score, signature },
    capacity: agent.memory_capacity,
    threshold: agent.similarity_threshold,
  });

  if (decision.kind === "reject") {
    await tx.memoryEvent.create({
      data: {
        agentId,
        seq: ++seq,
        kind: "REJECTED_TOO_SIMILAR",
        memoryItemId: decision.similarTo,
        ...offered,
        similarity: decision.similarity,
        reason: `${sample.origin}: similarity ${decision.similarity.toFixed(2)} to a stored sample reaches the threshold ${agent.similarity_threshold}`,
      },
    });
    return { kind: "rejected", similarTo: decision.similarTo, similarity: decision.similarity };
  }

  const evictsNew = decision.evict?.id === "new";
  const now = new Date();
  const item = await tx.memoryItem.create({
    data: {
      agentId,
      candidateId: sample.candidateId ?? null,
      language: sample.language,
      instruction: sample.instruction,
      solution: sample.solution,
      score,
      reflection: sample.reflection as unknown as Prisma.InputJsonValue,
      signature,
      status: evictsNew ? "EVICTED" : "IN_MEMORY",
      evictedAt: evictsNew ? now : null,
    },
  });
  await tx.memoryEvent.create({
    data: {
      agentId,
      seq: ++seq,
      kind: "INSERTED",
      memoryItemId: item.id,
      ...offered,
      similarity: decision.maxSimilarity,
      reason: `${sample.origin}: score ${score.toFixed(1)}`,
    },
  });
  if (!decision.evict) return { kind: "inserted", memoryItemId: item.id, evictedId: null };

  const evictedId = evictsNew ? item.id : decision.evict.id;
  if (!evictsNew) await tx.memoryItem.update({ where: { id: evictedId }, data: { status: "EVICTED", evictedAt: now } });
  await tx.memoryEvent.create({
    data: {
      agentId,
      seq: ++seq,
      kind: "EVICTED",
      memoryItemId: evictedId,
      ...cause,
      replacedById: evictsNew ? null : item.id,
      reason: `memory full (capacity ${agent.memory_capacity}): lowest score ${decision.evict.score.toFixed(1)}${evictsNew ? ", the new sample itself" : ""}`,
    },
  });
  return evictsNew ? { kind: "not-kept", memoryItemId: item.id } : { kind: "inserted", memoryItemId: item.id, evictedId };
}
