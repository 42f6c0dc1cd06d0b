import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { uuidv7 } from "@/lib/ids";
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

/** An INSERTED event's reason: where the sample came from and its score. */
function insertedReason(sample: OfferedSample): string {
  return `${sample.origin}: score ${sample.reflection.total.toFixed(1)}`;
}

/** The text whose n-grams decide similarity: the problem and its solution. */
export function memorySignature(sample: { instruction: string; solution: string }): number[] {
  return minhashSignature(`${sample.instruction}\n${sample.solution}`);
}

/** A memory_events row this offer appends (its seq is the agent's next). */
interface MemoryEventRow {
  kind: "INSERTED" | "REJECTED_TOO_SIMILAR" | "EVICTED";
  memoryItemId: string;
  similarity: number | null;
  seedSampleId: string | null;
  candidateId: string | null;
  replacedById: string | null;
  reason: string;
}

/**
 * Offers a sample to an agent's memory. Call inside a transaction: the lock lasts until it commits.
 * Three statements whatever the outcome: the lock, the memory's state, and every write in one.
 */
export async function offerToMemory(tx: Tx, agentId: string, sample: OfferedSample): Promise<OfferOutcome> {
  // The lock in a statement of its own: a read in the same statement would see the memory as it was
  // before a wait for the lock, without what the offer that held it wrote.
  const [agent] = await tx.$queryRaw<{ memory_capacity: number; similarity_threshold: number }[]>`
    select memory_capacity, similarity_threshold from agents where id = ${agentId}::uuid for update`;
  if (!agent) throw new Error(`agent ${agentId} does not exist`);
  const [state] = await tx.$queryRaw<{ stored: { id: string; score: number; signature: number[] | null }[]; last: number }[]>`
    select coalesce((select json_agg(json_build_object('id', id, 'score', score, 'signature', signature) order by inserted_at)
                       from memory_items where agent_id = ${agentId}::uuid and status = 'IN_MEMORY'), '[]'::json) as stored,
           coalesce((select max(seq) from memory_events where agent_id = ${agentId}::uuid), 0)::int as last`;
  const stored = (state?.stored ?? []).map((item) => ({ ...item, signature: item.signature ?? [] }));
  const signature = memorySignature(sample);
  const cause = { discussionId: sample.cause?.discussionId ?? null, round: sample.cause?.round ?? null };
  const offered = { seedSampleId: sample.seedSampleId ?? null, candidateId: sample.candidateId ?? null };
  const score = sample.reflection.total;
  const decision = decideMemoryOffer({
    stored,
    offered: { score, signature },
    capacity: agent.memory_capacity,
    threshold: agent.similarity_threshold,
  });
  const events: MemoryEventRow[] = [];
  const write = (item?: Prisma.Sql, evictOld?: string) =>
    writeOffer(tx, agentId, state?.last ?? 0, cause, events, item ?? Prisma.sql`select 1`, evictOld ?? null);

  if (decision.kind === "reject") {
    events.push({
      kind: "REJECTED_TOO_SIMILAR",
      memoryItemId: decision.similarTo,
      ...offered,
      similarity: decision.similarity,
      replacedById: null,
      reason: `${sample.origin}: similarity ${decision.similarity.toFixed(2)} to a stored sample reaches the threshold ${agent.similarity_threshold}`,
    });
    await write();
    return { kind: "rejected", similarTo: decision.similarTo, similarity: decision.similarity };
  }

  const evictsNew = decision.evict?.id === "new";
  const itemId = uuidv7();
  const item = Prisma.sql`
    insert into memory_items (id, agent_id, candidate_id, language, instruction, solution, score, reflection, signature, status, evicted_at, updated_at)
    values (${itemId}::uuid, ${agentId}::uuid, ${sample.candidateId ?? null}::uuid, ${sample.language}, ${sample.instruction}, ${sample.solution},
            ${score}, ${JSON.stringify(sample.reflection)}::jsonb, ${signature}::int[],
            ${evictsNew ? "EVICTED" : "IN_MEMORY"}::memory_item_status, case when ${evictsNew} then now() end, now())`;
  events.push({
    kind: "INSERTED",
    memoryItemId: itemId,
    ...offered,
    similarity: decision.maxSimilarity,
    replacedById: null,
    reason: insertedReason(sample),
  });
  if (!decision.evict) {
    await write(item);
    return { kind: "inserted", memoryItemId: itemId, evictedId: null };
  }

  const evictedId = evictsNew ? itemId : decision.evict.id;
  events.push({
    kind: "EVICTED",
    memoryItemId: evictedId,
    seedSampleId: null,
    candidateId: null,
    similarity: null,
    replacedById: evictsNew ? null : itemId,
    reason: `memory full (capacity ${agent.memory_capacity}): lowest score ${decision.evict.score.toFixed(1)}${evictsNew ? ", the new sample itself" : ""}`,
  });
  await write(item, evictsNew ? undefined : evictedId);
  return evictsNew ? { kind: "not-kept", memoryItemId: itemId } : { kind: "inserted", memoryItemId: itemId, evictedId };
}

/**
 * The first sample of each of `offers`' agents, all made in the caller's transaction and so with an
 * empty memory no one else can see: what `offerToMemory` would decide for each (an insert, nothing to
 * compare with or evict), written for all of them in one statement instead of three per agent. The
 * agents stage makes one agent per kept seed and holds the run up while it does.
 */
export async function seedNewMemories(tx: Tx, offers: { agentId: string; sample: OfferedSample }[]): Promise<void> {
  if (!offers.length) return;
  // An empty memory (capacity ≥ 1): decideMemoryOffer inserts, with a highest similarity of 0, evicting nothing.
  const rows = offers.map(({ agentId, sample }) => ({
    itemId: uuidv7(),
    eventId: uuidv7(),
    agentId,
    sample,
    signature: `{${memorySignature(sample).join(",")}}`,
  }));
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await tx.$executeRaw`
    with offered as (
      select * from unnest(${column((r) => r.itemId)}::uuid[], ${column((r) => r.eventId)}::uuid[], ${column((r) => r.agentId)}::uuid[],
                           ${column((r) => r.sample.language)}::text[], ${column((r) => r.sample.instruction)}::text[],
                           ${column((r) => r.sample.solution)}::text[], ${column((r) => r.sample.reflection.total)}::float8[],
                           ${column((r) => JSON.stringify(r.sample.reflection))}::text[], ${column((r) => r.signature)}::text[],
                           ${column((r) => r.sample.candidateId ?? null)}::uuid[], ${column((r) => r.sample.seedSampleId ?? null)}::uuid[],
                           ${column((r) => insertedReason(r.sample))}::text[])
        as o(item_id, event_id, agent_id, language, instruction, solution, score, reflection, signature, candidate_id, seed_sample_id, reason)
    ), item as (
      insert into memory_items (id, agent_id, candidate_id, language, instruction, solution, score, reflection, signature, status, updated_at)
      select item_id, agent_id, candidate_id, language, instruction, solution, score, reflection::jsonb, signature::int[], 'IN_MEMORY', now() from offered
    )
    insert into memory_events (id, agent_id, seq, kind, memory_item_id, similarity, seed_sample_id, candidate_id, reason)
    select event_id, agent_id, 1, 'INSERTED', item_id, 0, seed_sample_id, candidate_id, reason from offered`;
}

/** An offer's writes in one statement: the new item (if any), the evicted one's status, the events in seq order. */
function writeOffer(
  tx: Tx,
  agentId: string,
  last: number,
  cause: { discussionId: string | null; round: number | null },
  events: MemoryEventRow[],
  item: Prisma.Sql,
  evictOld: string | null,
) {
  const column = <K extends keyof MemoryEventRow>(key: K) => events.map((event) => event[key]);
  return tx.$executeRaw`
    with item as (${item}),
    evicted as (
      update memory_items set status = 'EVICTED', evicted_at = now(), updated_at = now() where id = ${evictOld}::uuid
    )
    insert into memory_events (id, agent_id, seq, kind, memory_item_id, similarity, seed_sample_id, candidate_id, discussion_id, round,
                               replaced_by_id, reason)
    select (${events.map(() => uuidv7())}::uuid[])[n], ${agentId}::uuid, ${last}::int + n::int, (${column("kind")}::text[])[n]::memory_event_kind,
           (${column("memoryItemId")}::uuid[])[n], (${column("similarity")}::float8[])[n], (${column("seedSampleId")}::uuid[])[n],
           (${column("candidateId")}::uuid[])[n], ${cause.discussionId}::uuid, ${cause.round}::int, (${column("replacedById")}::uuid[])[n],
           (${column("reason")}::text[])[n]
      from generate_series(1, ${events.length}::int) as n`;
}
