/**
 * `node --import ./bin/register.js bench/memory.ts`: a 30-snippet project (HumanEval-X, or the
 * model server's bank) through seeds, agents and discussions at the DEFAULT settings, against the
 * scripted model server. Prints what the memories did: agents holding more than their seed at the
 * end, inserts, rejections as too similar, evictions, discussions per agent and per round.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/worker";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject, testSnippets, waitForRun } from "@/lib/testing/synthesis";
import { spawnModelServer } from "@/model-server/process";

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-memory-"));
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  const server = await spawnModelServer(["--ttft-ms", "1", "--tokens-per-second", "50000", "--wrong-rate", "0.2", "--seed", "1"]);
  const db = createDb(postgres.url, { max: 8 });
  try {
    await migrateDatabase(postgres.url);
    const snippets = testSnippets(5).slice(0, 30);
    const { projectId } = await createSynthesisProject({ db, slug: "memory", baseUrl: server.url, snippets });
    const worker = await startWorker({ databaseUrl: postgres.url, concurrency: 8, secretKey: undefined, log: () => undefined });
    const started = performance.now();
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    const status = await waitForRun(db, run.id, 3_600_000);
    await worker.stop("bench done");
    const agents = await db.agent.findMany({
      where: { projectId },
      select: {
        id: true,
        _count: { select: { participations: true } },
        memoryItems: { where: { status: "IN_MEMORY" }, select: { candidateId: true } },
      },
    });
    const kinds = await db.memoryEvent.groupBy({
      by: ["kind"],
      where: { agent: { projectId }, discussionId: { not: null } },
      _count: true,
    });
    const rounds = await db.discussion.groupBy({ by: ["planRound", "status"], where: { runId: run.id }, _count: true });
    const grown = agents.filter((a) => a.memoryItems.some((m) => m.candidateId !== null)).length;
    const perAgent = agents.map((a) => a._count.participations);
    console.log(
      JSON.stringify({
        status,
        seconds: Math.round((performance.now() - started) / 1000),
        snippets: snippets.length,
        agents: agents.length,
        agentsBeyondSeed: grown,
        memoryEventsFromDiscussions: Object.fromEntries(kinds.map((k) => [k.kind, k._count])),
        discussionsPerRound: rounds.map((r) => ({ round: r.planRound, status: r.status, n: r._count })),
        discussionsPerAgent: {
          min: Math.min(...perAgent),
          max: Math.max(...perAgent),
          mean: perAgent.reduce((a, b) => a + b, 0) / perAgent.length,
        },
      }),
    );
  } finally {
    await db.$disconnect();
    await server.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
