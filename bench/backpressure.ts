/**
 * `node --import ./bin/register.js bench/backpressure.ts`: a SEED stage of 100 k items (BENCH_ITEMS
 * snippets, one seed kind each) on an embedded PostgreSQL, started with no worker up, then paused,
 * resumed and cancelled. Reports: the time the stage takes to start (the `synthesis.advance` job's
 * work, called here as a worker would), the jobs it puts on the queue, the dequeues a paused run
 * costs (every job on the queue is taken by a worker that finds the run paused and holds its item:
 * done here through the same claim, `runItem`), and the time pause, resume and cancel take to
 * return, with the jobs each leaves on the queue (cancel settles only the window; the advance job it
 * enqueues settles the rest of the plan afterwards, timed apart); and one top-up (a few items settle, the next
 * advance fills the window again), whose cost must not grow with the stage. Nothing calls a model: no item is worked.
 * Last line: JSON with `ratio` = jobs on the queue after start / items (the share of the stage a
 * run puts on the queue at once). Absolute times depend on the machine and its load; the job counts do not.
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { LANGUAGES } from "@/lib/languages";
import { dispatchWindow } from "@/lib/synthesis/dispatch";
import { advanceRun, cancelRun, pauseRun, resumeRun, startRun } from "@/lib/synthesis/runs";
import { countItemJobs, takeItemJobs, workItems } from "@/lib/testing/run-queue";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
/** Paused workers taking jobs at once (each one a dequeue and a claim transaction). */
const DRAINERS = 8;

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  process.stderr.write(`${label}… `);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  process.stderr.write(`${ms.toFixed(0)} ms\n`);
  return { ms, value };
}

/** Snippets straight into the table (the import is not what is measured: bench:synthesis measures it). */
async function seedSnippets(db: Db, projectId: string): Promise<void> {
  await db.$executeRaw`
    insert into snippets (id, project_id, code, language, content_hash, token_count, updated_at)
    select gen_random_uuid(), ${projectId}::uuid, 'print(' || i || ')', (${LANGUAGES}::text[])[1 + i % ${LANGUAGES.length}],
      md5(i::text), 3, now()
    from generate_series(1, ${ITEMS}) as i`;
}

/**
 * What the workers do with a paused run's queue: take each seed job, find the run paused, hold its
 * item (the real claim), and end the job. Returns how many jobs were taken.
 */
async function drainPaused(db: Db, runId: string): Promise<number> {
  let taken = 0;
  for (;;) {
    const keys = await takeItemJobs(db, runId, "SEED", 1_000);
    if (!keys.length) return taken;
    const outcomes = await workItems(db, runId, "SEED", keys, {
      parallel: DRAINERS,
      work: () => Promise.reject(new Error("a paused run's item was worked")),
    });
    if (outcomes.some((outcome) => outcome !== "held")) throw new Error(`a paused run's items were ${[...new Set(outcomes)].join(", ")}`);
    taken += keys.length;
    process.stderr.write(`\rpaused drain: ${taken} jobs taken   `);
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-backpressure-"));
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  let db: Db | undefined;
  try {
    await migrateDatabase(postgres.url);
    db = createDb(postgres.url, { max: DRAINERS + 2 });
    const project = await db.project.create({
      data: { slug: "bench-backpressure", name: "bench-backpressure", languages: [], settings: { seed: { kinds: ["DS1"] } } },
    });
    await timed(`${ITEMS.toLocaleString("en")} snippets`, () => seedSnippets(db!, project.id));
    const run = await startRun({ db, projectId: project.id, stages: ["SEED"] });
    const start = await timed("start the stage", () => advanceRun(db!, run.id));
    const items = await db.runItem.count({ where: { runId: run.id } });
    if (items !== ITEMS) throw new Error(`the stage has ${items} items, not ${ITEMS}`);
    const jobsAfterStart = await countItemJobs(db, run.id, "SEED");
    const window = await dispatchWindow(db, "SEED");
    // A top-up as workers make it: some items settle, and the next advance fills the window again.
    const settled = await workItems(db, run.id, "SEED", await takeItemJobs(db, run.id, "SEED", 4));
    const topUp = await timed(`top up after ${settled.length} settled`, () => advanceRun(db!, run.id));
    const jobsAfterTopUp = await countItemJobs(db, run.id, "SEED");
    const pause = await timed("pause", () => pauseRun({ db: db!, runId: run.id }));
    const drain = await timed("paused drain", () => drainPaused(db!, run.id));
    const resume = await timed("resume", () => resumeRun({ db: db!, runId: run.id }));
    const jobsAfterResume = await countItemJobs(db, run.id, "SEED");
    const cancel = await timed("cancel", () => cancelRun({ db: db!, runId: run.id }));
    const jobsAfterCancel = await countItemJobs(db, run.id, "SEED");
    // Cancel leaves the plan's undispatched rest to the advance job it enqueued: that job's work, as a worker runs it.
    const unsettled = await db.runItem.count({ where: { runId: run.id, status: "QUEUED" } });
    const settle = await timed("settle the cancelled plan", () => advanceRun(db!, run.id));
    const open = await db.runItem.count({ where: { runId: run.id, status: { in: ["QUEUED", "RUNNING"] } } });

    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(`${ITEMS.toLocaleString("en")} items, one SEED stage, no worker up`);
    console.log(`start:  ${ms(start.ms)}, ${jobsAfterStart.toLocaleString("en")} jobs on the queue (window ${window})`);
    console.log(`top-up: ${ms(topUp.ms)} after ${settled.length} items settled, ${jobsAfterTopUp.toLocaleString("en")} jobs on the queue`);
    console.log(`pause:  ${ms(pause.ms)}; then ${drain.value.toLocaleString("en")} dequeues to hold the paused run (${ms(drain.ms)})`);
    console.log(
      `resume: ${ms(resume.ms)}, ${resume.value.items.toLocaleString("en")} held items back, ${jobsAfterResume.toLocaleString("en")} jobs on the queue`,
    );
    console.log(
      `cancel: ${ms(cancel.ms)}, ${jobsAfterCancel.toLocaleString("en")} jobs left on the queue; ` +
        `then ${unsettled.toLocaleString("en")} undispatched items settled in the background (${ms(settle.ms)}), ${open} items open`,
    );
    console.log(
      JSON.stringify({
        bench: "backpressure",
        items: ITEMS,
        startMs: Math.round(start.ms),
        jobsAfterStart,
        window,
        topUpMs: Math.round(topUp.ms),
        jobsAfterTopUp,
        pauseMs: Math.round(pause.ms),
        pausedDequeues: drain.value,
        pausedDrainMs: Math.round(drain.ms),
        resumeMs: Math.round(resume.ms),
        resumedItems: resume.value.items,
        jobsAfterResume,
        cancelMs: Math.round(cancel.ms),
        jobsAfterCancel,
        settledAfterCancel: unsettled,
        settleAfterCancelMs: Math.round(settle.ms),
        openAfterCancel: open,
        ratio: Number((jobsAfterStart / ITEMS).toFixed(4)),
      }),
    );
  } finally {
    await db?.$disconnect();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:backpressure failed: ${error.message}`);
    process.exit(1);
  },
);
