import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AgentMemoryTimeline, MemorySampleRef } from "@/lib/agents/memory-timeline-types";

/** At most this many events, the latest (an agent's memory sees a few per discussion). */
const EVENTS = 500;

/** One agent's memory over time, from its event log (lib/agents/memory-store.ts writes it). */
export async function agentMemoryTimeline(db: Db, agentId: string): Promise<AgentMemoryTimeline> {
  const agent = await db.agent.findUnique({
    where: { id: agentId },
    include: {
      project: { select: { slug: true } },
      memoryEvents: { orderBy: { seq: "desc" }, take: EVENTS },
      _count: { select: { participations: true } },
    },
  });
  if (!agent) throw new AppError("NOT_FOUND", `No agent ${agentId}.`);
  const events = agent.memoryEvents.reverse();
  const itemIds = new Set(events.flatMap((e) => [e.memoryItemId, e.replacedById]).filter((id): id is string => id !== null));
  const items = await db.memoryItem.findMany({
    where: { OR: [{ id: { in: [...itemIds] } }, { agentId, status: "IN_MEMORY" }] },
    select: { id: true, language: true, instruction: true, score: true, status: true, agentId: true },
  });
  const ref = (id: string | null): MemorySampleRef | null => {
    const item = id ? items.find((i) => i.id === id) : undefined;
    return item ? { id: item.id, language: item.language, instruction: item.instruction, score: item.score } : null;
  };
  // A rejected sample never became a memory item: its text is the offered candidate's first revision.
  const rejected = events.filter((e) => e.kind === "REJECTED_TOO_SIMILAR" && e.candidateId).map((e) => e.candidateId!);
  const offered = new Map(
    (
      await db.revision.findMany({
        where: { candidateId: { in: rejected }, number: 1 },
        select: { candidateId: true, instruction: true, candidate: { select: { language: true } } },
      })
    ).map((r) => [r.candidateId, { language: r.candidate.language, instruction: r.instruction }]),
  );
  return {
    agent: {
      id: agent.id,
      language: agent.language,
      scope: agent.scope,
      memoryCapacity: agent.memoryCapacity,
      similarityThreshold: agent.similarityThreshold,
    },
    projectSlug: agent.project.slug,
    inMemory: items
      .filter((item) => item.agentId === agentId && item.status === "IN_MEMORY")
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .map((item) => ref(item.id)!),
    discussions: agent._count.participations,
    events: events.map((e) => ({
      seq: e.seq,
      kind: e.kind,
      round: e.round,
      discussionId: e.discussionId,
      similarity: e.similarity,
      reason: e.reason,
      at: e.createdAt.toISOString(),
      sample: ref(e.memoryItemId),
      offered: e.kind === "REJECTED_TOO_SIMILAR" && e.candidateId ? (offered.get(e.candidateId) ?? null) : null,
      replacedBy: ref(e.replacedById),
    })),
  };
}
