import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { promptText, type Messages } from "@/lib/agents/prompts";
import { REQUIRED_ROLES } from "@/lib/model-roles";
import { LANGUAGES } from "@/lib/languages";
import { BANK } from "@/model-server/bank";
import { bindProjectRole, createEndpointProfile } from "@/lib/llm/profiles";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";
import type { ProjectSettingsInput } from "@/lib/synthesis/settings";
import { sharedDataDir } from "@/lib/testing/shared-data";

const HUMANEVAL_X = { cpp: "cpp", go: "go", java: "java", js: "javascript", python: "python", rust: "rust" } as const;

/**
 * Snippets for synthesis tests: real HumanEval-X solutions when the shared data is there (`perFile`
 * from each of its six languages), otherwise the model server bank's solutions in all ten.
 */
export function testSnippets(perFile: number): { code: string; language: string; path: string }[] {
  const dir = sharedDataDir();
  if (!dir) {
    return LANGUAGES.flatMap((language) =>
      Object.entries(BANK[language])
        .slice(0, perFile)
        .map(([id, entry]) => ({ code: entry.solution, language, path: `bank/${language}/${id}` })),
    );
  }
  return Object.entries(HUMANEVAL_X).flatMap(([file, language]) =>
    readFileSync(path.join(dir, "humaneval-x", `humaneval_${file}.jsonl`), "utf8")
      .trim()
      .split("\n")
      .slice(0, perFile)
      .map((line) => JSON.parse(line) as { task_id: string; prompt: string; declaration?: string; canonical_solution: string })
      .map((row) => ({ code: (row.declaration ?? row.prompt) + row.canonical_solution, language, path: row.task_id })),
  );
}

/** A project bound to an OpenAI-compatible endpoint for every role, with snippets imported through stage 0. */
export async function createSynthesisProject({
  db,
  slug,
  baseUrl,
  settings = {},
  snippets,
  maxConcurrency = 16,
}: {
  db: Db;
  slug: string;
  baseUrl: string;
  settings?: ProjectSettingsInput;
  snippets: { code: string; language: string; path: string }[];
  maxConcurrency?: number;
}): Promise<{ projectId: string; endpointProfileId: string }> {
  // The test snippets are HumanEval-X solutions, benchmark problems: flagged, but seeded (the default skips them).
  const seeded = { ...settings, quality: { seedContaminated: true, ...settings.quality } };
  const project = await db.project.create({ data: { slug, name: slug, languages: [], settings: seeded as object } });
  const profile = await createEndpointProfile({
    db,
    secretKey: undefined,
    input: { name: `${slug}-model`, baseUrl, model: "rosetta-scripted", maxConcurrency },
  });
  // The policy role stays unbound (DPO samples from the response generator, as on a studio with no SFT model served).
  for (const role of REQUIRED_ROLES) await bindProjectRole({ db, projectId: project.id, role, endpointProfileId: profile.id });
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-snippets-"));
  const file = path.join(dir, "snippets.jsonl");
  await writeFile(file, snippets.map((snippet) => JSON.stringify(snippet)).join("\n"));
  await importSnippets({ db, projectId: project.id, inputs: [file], maxTokens: 1024, maxBytes: 1 << 20 });
  return { projectId: project.id, endpointProfileId: profile.id };
}

/** Resolves when the run is over (any status), or throws after `timeoutMs`. */
/**
 * Waits for a run to leave RUNNING. Should the test fail first (its own timeout included, which
 * ends it before any `timeoutMs` longer than it), the run's state is printed all the same: where a
 * stalled run stands and what its queue jobs are doing is the one thing a stall's report needs.
 */
export async function waitForRun(db: Db, runId: string, timeoutMs = 120_000): Promise<string> {
  if (env.NODE_ENV === "test") {
    const { onTestFailed } = await import("vitest");
    try {
      onTestFailed(async () =>
        console.error(`waitForRun: the test failed after awaiting run ${runId}, now ${await describeRun(db, runId)}`),
      );
    } catch {
      // Awaited in a hook (beforeAll), not a test: the hook's timeout is the longer one, and the error below says it all.
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await db.synthesisRun.findUniqueOrThrow({ where: { id: runId }, select: { status: true } });
    if (run.status !== "RUNNING") return run.status;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms: ${await describeRun(db, runId)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A run's status and stage, its items counted by stage and status, and its queue jobs (retrying, locked or none at all). */
export async function describeRun(db: Db, runId: string): Promise<string> {
  const run = await db.synthesisRun.findUnique({ where: { id: runId }, select: { status: true, stage: true } });
  const items = await db.runItem.groupBy({ by: ["stage", "status"], where: { runId }, _count: true });
  const jobs = await db.$queryRaw<unknown[]>`
    select t.identifier as task, j.attempts, j.max_attempts as "maxAttempts", j.locked_at is not null as locked, j.run_at as "runAt", j.key, j.last_error as "lastError"
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.payload->>'runId' = ${runId}`;
  const discussions = await db.discussion.groupBy({ by: ["planRound", "status"], where: { runId }, _count: true });
  const candidates = await db.$queryRaw<unknown[]>`
    select c.source::text, c.verification_status::text as verification, count(*)::int as n
    from candidates c join discussions d on d.id = c.discussion_id where d.run_id = ${runId}::uuid group by 1, 2`;
  return [
    `${run?.status} at stage ${run?.stage}`,
    `items ${JSON.stringify(items)}`,
    `jobs ${JSON.stringify(jobs)}`,
    `discussions ${JSON.stringify(discussions)}`,
    `their candidates ${JSON.stringify(candidates)}`,
  ].join("; ");
}

/** A stored turn's text as the discussion shows it: a PROMPT turn's is its messages, stored once in prompts. */
export function turnText(turn: { content: string; prompt?: { messages: unknown } | null }): string {
  return turn.prompt ? promptText(turn.prompt.messages as Messages) : turn.content;
}
