import "server-only";
import type { Db } from "@/lib/db/client";
import { offerToMemory, seedNewMemories } from "@/lib/agents/memory-store";
import { reflectionFromScores } from "@/lib/agents/reflection";
import { ScorerOutput } from "@/lib/llm/contracts";
import { ItemFailure } from "@/lib/synthesis/items";
import type { ProjectSettings } from "@/lib/synthesis/settings";
import { agentProfileFor, evolutionOperationsFor } from "@/lib/synthesis/personas";

/**
 * Stage 2: agents from the kept seed samples. PER_SEED (the paper): every seed sample starts an
 * agent of its language whose memory holds that seed. PER_LANGUAGE: one persistent agent per
 * language, whose memory is offered every seed of its language (the similarity gate and the
 * capacity apply). Idempotent: partial unique indexes make a second pass create nothing twice, and
 * a seed already offered to an agent is not offered again. Ending with no agent at all fails the
 * item: every later stage would have nothing to work on, and a run must not read as a success then.
 */
export async function createAgents({
  db,
  projectId,
  settings,
}: {
  db: Db;
  projectId: string;
  settings: ProjectSettings;
}): Promise<{ created: number }> {
  const result = await makeAgents({ db, projectId, settings });
  if (!(await db.agent.count({ where: { projectId, scope: settings.agents.scope } }))) {
    const dropped = await db.seedSample.count({ where: { projectId, status: "DROPPED" } });
    throw new ItemFailure(`no agents: no seed pair of the project was kept to start one from (${dropped} dropped by the scorer)`);
  }
  return result;
}

/** PER_SEED agents made per transaction (two statements each, whatever its size). */
export const AGENT_BATCH = 200;

async function makeAgents({
  db,
  projectId,
  settings,
}: {
  db: Db;
  projectId: string;
  settings: ProjectSettings;
}): Promise<{ created: number }> {
  // Profile and operations are the project's for the agent's language (else the built-in ones), as
  // set when the agent is made: a later change applies to agents made afterwards.
  const persona = (language: string) => ({
    language,
    profile: agentProfileFor(settings.agents, language),
    evolutionOperations: evolutionOperationsFor(settings.agents, language),
  });
  const common = {
    projectId,
    memoryCapacity: settings.memory.capacity,
    similarityThreshold: settings.memory.similarityThreshold,
  };
  let created = 0;
  if (settings.agents.scope === "PER_SEED") {
    const seeds = await db.seedSample.findMany({
      where: { projectId, status: "KEPT", agents: { none: { projectId, scope: "PER_SEED" } } },
      select: { id: true, kind: true, language: true, instruction: true, solution: true, scores: true },
      orderBy: { id: "asc" },
    });
    // A transaction per batch of agents: the agents stage has no model call
    // and holds up the whole run between seeding and discussing, so one transaction per agent,
    // one after the other (a few seconds at a hundred agents), was pure orchestration overhead.
    const batches = Array.from({ length: Math.ceil(seeds.length / AGENT_BATCH) }, (_, i) =>
      seeds.slice(i * AGENT_BATCH, (i + 1) * AGENT_BATCH),
    );
    const makeBatch = (batch: typeof seeds) =>
      db.$transaction(async (tx) => {
        const inserted = await tx.agent.createManyAndReturn({
          data: batch.map((seed) => ({ ...common, ...persona(seed.language), scope: "PER_SEED" as const, seedSampleId: seed.id })),
          skipDuplicates: true, // another worker made some
          select: { id: true, seedSampleId: true },
        });
        const agentOf = new Map(inserted.map((agent) => [agent.seedSampleId, agent.id]));
        // Made just now in this transaction: each memory is empty, and all of them are seeded in one statement.
        await seedNewMemories(
          tx,
          batch.flatMap((seed) => {
            const agentId = agentOf.get(seed.id);
            if (!agentId) return [];
            const sample = {
              language: seed.language,
              instruction: seed.instruction,
              solution: seed.solution,
              reflection: reflectionFromScores(ScorerOutput.parse(seed.scores)),
              seedSampleId: seed.id,
              origin: `seed sample (${seed.kind})`,
            };
            return [{ agentId, sample }];
          }),
        );
        return inserted.length;
      });
    // One batch after the other: transactions at once would wait for the pool's connections beside
    // the worker's other jobs, and one that waits too long fails the stage's only item.
    for (const batch of batches) created += await makeBatch(batch);
    return { created };
  }

  const languages = await db.seedSample.findMany({
    where: { projectId, status: "KEPT" },
    distinct: ["language"],
    select: { language: true },
  });
  for (const { language } of languages) {
    const inserted = await db.agent.createManyAndReturn({
      data: [{ ...common, ...persona(language), scope: "PER_LANGUAGE" }],
      skipDuplicates: true,
    });
    created += inserted.length;
    const agent = await db.agent.findFirstOrThrow({ where: { projectId, scope: "PER_LANGUAGE", language } });
    const seeds = await db.$queryRaw<{ id: string }[]>`
      select s.id from seed_samples s
      where s.project_id = ${projectId}::uuid and s.status = 'KEPT' and s.language = ${language}
        and not exists (select 1 from memory_events e where e.agent_id = ${agent.id}::uuid and e.seed_sample_id = s.id)
      order by s.id`;
    for (const { id } of seeds) {
      const seed = await db.seedSample.findUniqueOrThrow({ where: { id } });
      await db.$transaction(async (tx) => {
        await offerToMemory(tx, agent.id, {
          language,
          instruction: seed.instruction,
          solution: seed.solution,
          reflection: reflectionFromScores(ScorerOutput.parse(seed.scores)),
          seedSampleId: seed.id,
          origin: `seed sample (${seed.kind})`,
        });
      });
    }
  }
  return { created };
}
