import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids";
import { hash32, seededRandom } from "@/lib/random";
import { enqueueClusterRefresh } from "@/lib/quality/enqueue-clusters";
import { cancelWindow, planStageItems, settleCancelledPlan, topUpStage } from "@/lib/synthesis/dispatch";
import { CANCELLED } from "@/lib/synthesis/items";
import { runOutcome } from "@/lib/synthesis/outcome";
import { planRound, wantsAnotherRound } from "@/lib/synthesis/planner";
import { dpoQueriesProblem, dpoQueryPick } from "@/lib/synthesis/dpo-queries";
import { seedItemKey, type SeedKind } from "@/lib/synthesis/seeds";
import { runSettingsCopy } from "@/lib/synthesis/protocol";
import { advanceJobSql } from "@/lib/synthesis/window";
import { parseProjectSettings, projectLanguages, type ProjectSettings } from "@/lib/synthesis/settings";

/**
 * A synthesis run moves through its stages on the queue: each stage's items are jobs, a window of
 * them on the queue at a time (lib/synthesis/dispatch.ts); when the last item of a stage settles,
 * `advanceRun` (itself a job, keyed per run so that bursts coalesce) starts the next stage, or the
 * next discussion round, or closes the run. Nobody has to watch:
 * `rosetta run` only follows along, and can be stopped and started again.
 */

export const STAGE_ORDER: RunStage[] = ["SEED", "AGENTS", "DISCUSS", "VERIFY", "SOLVE", "DPO"];

type Tx = Prisma.TransactionClient;
type RunRow = {
  id: string;
  projectId: string;
  stages: RunStage[];
  stage: RunStage | null;
  status: string;
  itemLimit: number | null;
  round: number;
  settings: Prisma.JsonValue;
};

export async function startRun({
  db,
  projectId,
  stages,
  limit,
}: {
  db: Db;
  projectId: string;
  stages: RunStage[];
  limit?: number;
}): Promise<{ id: string }> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { settings: true } });
  if (!project) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  if (!stages.length) throw new AppError("BAD_REQUEST", "A run needs at least one stage.");
  // The copy names the preset and the project's overrides as they stand now (lib/synthesis/protocol.ts).
  const settings = runSettingsCopy(project.settings);
  const ordered = STAGE_ORDER.filter((stage) => stages.includes(stage));
  const noQueries = dpoQueriesProblem(settings, ordered);
  if (noQueries) throw new AppError("BAD_REQUEST", noQueries);
  return db.$transaction(async (tx) => {
    const run = await tx.synthesisRun.create({
      data: { projectId, stages: ordered, itemLimit: limit ?? null, settings: settings as Prisma.InputJsonValue },
      select: { id: true },
    });
    await enqueueAdvance(tx, run.id);
    return run;
  });
}

/**
 * Puts the run's advance on the queue: keyed, so that nudges while one waits coalesce into it, and
 * in a serial queue of the run's own, so that nudges while one runs (the queue then unkeys the
 * running job and adds another) wait for it instead of taking a slot each to wait on the run row.
 */
export async function enqueueAdvance(db: Pick<Db, "$executeRaw">, runId: string): Promise<void> {
  await db.$executeRaw`select ${advanceJobSql(runId)}`;
}

/**
 * The level-triggered backstop to the settles' nudges: a RUNNING run always has a job on the queue
 * that can still run (an item's, which nudges the run when it settles, or the advance's), so one with
 * none waits on nothing and would stall for good. Its advance is enqueued again, which tops the
 * window up, finds lost items and ends a finished stage; an advance too many is harmless (it finds
 * nothing to do). Every worker's reap cycle calls it (lib/jobs/worker.ts); returns the runs nudged,
 * each one a nudge that went missing, which the worker logs.
 */
export async function nudgeIdleRuns(db: Db): Promise<string[]> {
  // The queue holds only the jobs in flight (back-pressure: lib/synthesis/dispatch.ts), so reading it per run is cheap.
  const idle = await db.$queryRaw<{ id: string }[]>`
    select r.id from synthesis_runs r
    where r.status = 'RUNNING' and not exists (
      select 1 from graphile_worker._private_jobs j where j.payload->>'runId' = r.id::text and j.attempts < j.max_attempts)`;
  for (const { id } of idle) await enqueueAdvance(db, id);
  return idle.map((run) => run.id);
}

/**
 * Called when settled items ask for it (lib/synthesis/window.ts) and after each control: tops the
 * stage's window up, and starts whatever comes next once the current stage is done.
 */
export async function advanceRun(db: Db, runId: string): Promise<void> {
  const cancelled = await db.$transaction(
    async (tx) => {
      // Advances of a run one at a time: its own lock, taken first (its queue runs them in series, but
      // a caller may advance a run directly).
      await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended(${`advance:${runId}`}, 0))`;
      // The run row FOR SHARE: it excludes the controls (pause, resume and cancel update the row), not
      // the items' claims, which take it FOR SHARE too. An advance's transaction spans round trips to
      // a worker whose event loop streams dozens of answers; holding the row FOR NO KEY UPDATE, every
      // claim of the run waited for it: 36 ms a claim at 4 workers (pg_stat_statements), 3.6 ms at 1.
      // A stage's change updates the row here (no other advance holds it; claims hold it only for
      // their statement). The row is read in the statement that locks it: an advance runs for every
      // batch of items.
      const [run] = await tx.$queryRaw<RunRow[]>`
        select id, project_id as "projectId", stages::text[] as stages, stage::text as stage, status::text as status,
          item_limit as "itemLimit", round, settings
        from synthesis_runs where id = ${runId}::uuid for share`;
      if (run?.status === "CANCELLED") return true;
      if (!run || run.status !== "RUNNING") return false;
      if (run.stage) {
        // Items settled (or the run resumed): the window is topped up from the stage's plan.
        if ((await topUpStage(tx, runId, run.stage)).open) return false;
        if (run.stage === "DISCUSS" && (await planDiscussionRound(tx, run))) return false;
        // New items, or new kept solutions: the project's near-duplicate clusters are recomputed (keyed: bursts coalesce).
        if (run.stage === "DISCUSS" || run.stage === "SOLVE") await enqueueClusterRefresh({ db: tx, projectId: run.projectId });
      }
      for (let stage = nextStage(run, run.stage); ; stage = nextStage(run, stage)) {
        if (!stage) {
          await closeRun(tx, run);
          return false;
        }
        await tx.synthesisRun.update({ where: { id: runId }, data: { stage } });
        if (await startStage(tx, { ...run, stage }, stage)) return false;
      }
    },
    { timeout: 120_000 },
  );
  // Cancelled: the plan cancel left (never dispatched) is settled, in batches outside the run lock.
  if (cancelled) await settleCancelledPlan(db, runId);
}

/**
 * Ends a run that is not over yet as FAILED with `error`, and its items not started with it (those
 * in flight settle as "the run is failed" when their jobs claim them or end).
 */
export async function failRun(db: Db, runId: string, error: string): Promise<void> {
  await db.$transaction([
    db.synthesisRun.updateMany({
      where: { id: runId, status: { in: ["RUNNING", "PAUSED"] } },
      data: { status: "FAILED", error: error.slice(0, 4000), stage: null, finishedAt: new Date() },
    }),
    db.runItem.updateMany({
      where: { runId, status: "QUEUED" },
      data: { status: "FAILED", reason: "the run is failed", finishedAt: new Date() },
    }),
  ]);
}

/** The last stage is done: the run ends SUCCEEDED, FINISHED_WITH_FAILURES or FAILED (lib/synthesis/outcome.ts says when). */
async function closeRun(tx: Tx, run: RunRow): Promise<void> {
  const rows = await tx.runItem.groupBy({ by: ["stage", "status"], where: { runId: run.id }, _count: true });
  const count = (stage: RunStage, status?: string) =>
    rows.filter((r) => r.stage === stage && (!status || r.status === status)).reduce((n, r) => n + r._count, 0);
  const { status, error } = runOutcome(run.stages.map((stage) => ({ stage, total: count(stage), failed: count(stage, "FAILED") })));
  await tx.synthesisRun.update({ where: { id: run.id }, data: { status, error, stage: null, finishedAt: new Date() } });
}

/** Snippets that are benchmark problems get no seeds (the run summary counts them: lib/synthesis/summary.ts). */
export function skipsContaminatedSnippets(settings: ProjectSettings): boolean {
  return settings.quality.decontaminate && !settings.quality.seedContaminated;
}

function nextStage(run: RunRow, current: RunStage | null): RunStage | undefined {
  const index = current ? run.stages.indexOf(current) : -1;
  return run.stages[index + 1];
}

async function startStage(tx: Tx, run: RunRow, stage: RunStage): Promise<boolean> {
  const settings = parseProjectSettings(run.settings);
  if (stage === "SEED") {
    const project = await tx.project.findUniqueOrThrow({ where: { id: run.projectId }, select: { languages: true } });
    // One item per (snippet, kind) this run asks for that has no seed yet (a second run resumes
    // exactly the pairs the first one missed). The limit counts snippets, not pairs; with one, a
    // sample balanced across languages rather than the first files imported.
    const pairs = await tx.$queryRaw<{ id: string; language: string; kind: SeedKind }[]>`
      with missing as (
        -- A code snippet gets the kinds the settings ask for; an imported instruction pair, one IMPORTED item (lib/synthesis/seeds.ts).
        select s.id, s.language, k.kind from snippets s
          cross join lateral unnest(case when s.instruction is null then ${settings.seed.kinds}::text[] else array['IMPORTED'] end) as k(kind)
        where s.project_id = ${run.projectId}::uuid and s.language = any(${projectLanguages(project.languages)}::text[])
          and (${!skipsContaminatedSnippets(settings)}::boolean or s.contamination is null)
          and not exists (select 1 from seed_samples x where x.snippet_id = s.id and x.kind::text = k.kind)
      ), ranked as (
        -- A snippet's rank in its language, then its place in the balanced order; ranked in passes
        -- rather than by joining the snippets picked back to their pairs (two CTE scans the planner
        -- joined in a nested loop: minutes at 100 k snippets).
        select id, language, kind, dense_rank() over (partition by language order by id) as rank from missing
      ), ordered as (
        select id, language, kind, rank, dense_rank() over (order by rank, language) as place from ranked
      )
      select id, language, kind from ordered where place <= ${run.itemLimit ?? 2_147_483_647} order by rank, language, kind`;
    return planStageItems(
      tx,
      run.id,
      stage,
      pairs.map((p) => ({ itemKey: seedItemKey(p.id, p.kind), language: p.language })),
    );
  }
  if (stage === "VERIFY" || stage === "DPO" || stage === "SOLVE") {
    // VERIFY: the agents' candidates without a verdict. DPO: the queries `dpo.queries` names
    // (lib/synthesis/dpo-queries.ts). SOLVE: every item,
    // seed pairs included, whose current revision has no independent check yet. Balanced across languages.
    const pick = {
      VERIFY: Prisma.sql`c.source = 'DS3' and c.verification_status = 'PENDING'`,
      DPO: dpoQueryPick(settings, run.id),
      SOLVE: Prisma.sql`not exists (
          -- a check of the current revision, or the check that appended it (lib/synthesis/solve.ts: solveCheckCovers)
          select 1 from solve_checks s join revisions r on r.id = c.current_revision_id
          where s.revision_id = r.id or (r.author_kind = 'AGENT' and s.revision_id = r.parent_id and s.tests = r.tests))`,
    }[stage];
    const candidates = await tx.$queryRaw<{ id: string; language: string }[]>`
      select c.id, c.language from candidates c
      where c.project_id = ${run.projectId}::uuid and c.current_revision_id is not null and ${pick}
      order by row_number() over (partition by c.language order by c.id), c.language
      limit ${run.itemLimit ?? 2_147_483_647}`;
    return planStageItems(
      tx,
      run.id,
      stage,
      candidates.map((c) => ({ itemKey: c.id, language: c.language })),
    );
  }
  if (stage === "AGENTS") {
    return planStageItems(tx, run.id, stage, [{ itemKey: "agents" }]);
  }
  return planDiscussionRound(tx, run);
}

/** Plans the next round of discussions and dispatches the first of them; false when the run has all it asked for. */
async function planDiscussionRound(tx: Tx, run: RunRow): Promise<boolean> {
  const settings: ProjectSettings = parseProjectSettings(run.settings);
  if (!wantsAnotherRound({ round: run.round, rounds: settings.discussion.rounds, insertedLastRound: await memoryInserts(tx, run) }))
    return false;
  const soFar = await tx.discussion.count({ where: { runId: run.id } });
  const max = run.itemLimit === null ? Number.POSITIVE_INFINITY : run.itemLimit - soFar;
  if (max <= 0) return false;
  const project = await tx.project.findUniqueOrThrow({ where: { id: run.projectId }, select: { languages: true } });
  const agents = await tx.$queryRaw<{ id: string; language: string }[]>`
    select a.id, a.language from agents a
    where a.project_id = ${run.projectId}::uuid and a.scope = ${settings.agents.scope}::agent_scope
      and exists (select 1 from memory_items m where m.agent_id = a.id and m.status = 'IN_MEMORY')
    order by a.id`;
  if (!agents.length) return false;
  const counts = async (query: Prisma.Sql) =>
    Object.fromEntries((await tx.$queryRaw<{ language: string; n: number }[]>(query)).map((row) => [row.language, row.n]));
  const produced = await counts(Prisma.sql`
    select language, sum(n)::int as n from (
      select language, count(*) as n from candidates where project_id = ${run.projectId}::uuid and source = 'DS3' group by language
      union all
      select target_language, count(*) from discussions where project_id = ${run.projectId}::uuid and status in ('QUEUED', 'RUNNING') group by target_language
    ) t group by language`);
  const seeds = await counts(
    Prisma.sql`select language, count(*)::int as n from seed_samples where project_id = ${run.projectId}::uuid and status = 'KEPT' group by language`,
  );
  const resources = { ...seeds };
  for (const [language, n] of Object.entries(produced)) resources[language] = (resources[language] ?? 0) + n;

  const plan = planRound({
    agents,
    languages: projectLanguages(project.languages),
    settings: settings.discussion,
    produced,
    resources,
    offset: await tx.discussion.count({ where: { projectId: run.projectId } }),
    max,
    random: seededRandom(hash32(run.id, run.round)),
  });
  if (!plan.length) return false;
  const round = run.round + 1;
  const discussions = plan.map((p) => ({ ...p, id: uuidv7() }));
  await tx.discussion.createMany({
    data: discussions.map((p) => ({
      id: p.id,
      projectId: run.projectId,
      runId: run.id,
      planRound: round,
      mode: p.mode,
      debate: settings.discussion.debate,
      maxRounds: settings.discussion.debate ? settings.discussion.debateRounds : 1,
      mainAgentId: p.mode === "CENTRALIZED" ? p.agentIds[0]! : null,
      targetLanguage: p.targetLanguage,
    })),
  });
  await tx.discussionParticipant.createMany({
    data: discussions.flatMap((d) => d.agentIds.map((agentId) => ({ discussionId: d.id, agentId }))),
  });
  await planStageItems(
    tx,
    run.id,
    "DISCUSS",
    discussions.map((d) => ({ itemKey: d.id, language: d.targetLanguage })),
  );
  await tx.synthesisRun.update({ where: { id: run.id }, data: { round } });
  return true;
}

/** Samples the run's last round inserted into memories (an offer rejected as too similar inserts none). */
async function memoryInserts(tx: Tx, run: RunRow): Promise<number | undefined> {
  if (run.round === 0) return undefined;
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from memory_events e join discussions d on d.id = e.discussion_id
    where d.run_id = ${run.id}::uuid and d.plan_round = ${run.round} and e.kind = 'INSERTED'`;
  return row?.n ?? 0;
}

/*
 * Pause, resume and cancel. Each is one conditional update of the run row (pause only if running,
 * resume only if paused, cancel only if running or paused), so two people pressing buttons at once
 * get one change and one clear conflict.
 *
 * Paused, with graphile-worker and any number of workers: jobs already on the queue stay there;
 * when a worker picks one, the item's claim (`runItem`, under the run row FOR SHARE) finds the run
 * paused, marks the item held and ends the job without working. Items already claimed run to the
 * end. No top-up happens while paused, so at most the dispatch window is held. Resume flips the run
 * back and re-enqueues exactly the held items (the same job keys; a job still waiting on the queue
 * is never duplicated because it was never held), tops the window up, then nudges the run on in
 * case its stage finished while paused. Nothing polls while a run is paused.
 *
 * Cancel: no new work, in time independent of the plan's size. The run row says CANCELLED; the
 * window's waiting items fail with "cancelled" and their jobs leave the queue; queued discussions
 * are cancelled; the rest of the plan (never dispatched, so no job can work it) is settled by the
 * `synthesis.advance` job cancel enqueues, in batches, and readers count it as cancelled meanwhile
 * (`itemStatusOf`). A discussion in flight stops at its next turn boundary (`runDiscussion`
 * checks); any other item in flight finishes.
 */

export type RunControl = "pause" | "resume" | "cancel";

export interface RunStateChange {
  id: string;
  projectId: string;
  from: string;
  to: string;
  /** resume: held items put back on the queue; cancel: queued items and discussions cancelled. */
  items: number;
}

async function refuse(db: Tx | Db, runId: string, action: RunControl): Promise<never> {
  const run = await db.synthesisRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw new AppError("NOT_FOUND", `No run ${runId}.`);
  const allowed = { pause: "a running run", resume: "a paused run", cancel: "a running or paused run" }[action];
  throw new AppError(
    "CONFLICT",
    `The run is ${run.status.toLowerCase().replaceAll("_", " ")}; only ${allowed} can be ${action === "pause" ? "paused" : action === "resume" ? "resumed" : "cancelled"}.`,
  );
}

async function projectOfRun(db: Tx | Db, runId: string): Promise<string> {
  return (await db.synthesisRun.findUniqueOrThrow({ where: { id: runId }, select: { projectId: true } })).projectId;
}

export async function pauseRun({ db, runId }: { db: Db; runId: string }): Promise<RunStateChange> {
  const { count } = await db.synthesisRun.updateMany({ where: { id: runId, status: "RUNNING" }, data: { status: "PAUSED" } });
  if (!count) return refuse(db, runId, "pause");
  return { id: runId, projectId: await projectOfRun(db, runId), from: "RUNNING", to: "PAUSED", items: 0 };
}

export async function resumeRun({ db, runId }: { db: Db; runId: string }): Promise<RunStateChange> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.synthesisRun.updateMany({ where: { id: runId, status: "PAUSED" }, data: { status: "RUNNING" } });
    if (!count) return refuse(tx, runId, "resume");
    // The row lock taken above waits for claims in progress, so every hold is visible here. Held
    // items are still in the window (at most its size): they go back on the queue under their keys.
    const run = await tx.synthesisRun.findUniqueOrThrow({ where: { id: runId }, select: { stage: true, projectId: true } });
    const { requeued } = run.stage ? await topUpStage(tx, runId, run.stage) : { requeued: 0 };
    await enqueueAdvance(tx, runId);
    return { id: runId, projectId: run.projectId, from: "PAUSED", to: "RUNNING", items: requeued };
  });
}

export async function cancelRun({ db, runId }: { db: Db; runId: string }): Promise<RunStateChange> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`select 1 from synthesis_runs where id = ${runId}::uuid for no key update`;
    const before = await tx.synthesisRun.findUnique({ where: { id: runId }, select: { status: true } });
    const now = new Date();
    const { count } = await tx.synthesisRun.updateMany({
      where: { id: runId, status: { in: ["RUNNING", "PAUSED"] } },
      data: { status: "CANCELLED", error: CANCELLED, finishedAt: now },
    });
    if (!count) return refuse(tx, runId, "cancel");
    const cancelled = await cancelWindow(tx, runId, now);
    // Every queued item, the plan's undispatched rest included, is cancelled from this commit on.
    const [queued] = await tx.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from run_items where run_id = ${runId}::uuid and status = 'QUEUED'`;
    await enqueueAdvance(tx, runId);
    await tx.discussion.updateMany({
      where: { runId, status: "QUEUED" },
      data: { status: "CANCELLED", error: CANCELLED, finishedAt: now },
    });
    return {
      id: runId,
      projectId: await projectOfRun(tx, runId),
      from: before!.status,
      to: "CANCELLED",
      items: (queued?.n ?? 0) + cancelled,
    };
  });
}
