/**
 * `npm run bench:scale`: the paper's run (xCoder: ~100 k snippets → ~30 k kept seed pairs → ~67 k
 * synthesized samples → 97.3 k SFT items; Ds4 with 128 samples per query, each executed) scaled down,
 * on one embedded PostgreSQL, against the scripted model server's latency model, with real
 * `rosetta worker` processes (J jobs each) sharing one endpoint profile of max_concurrency C. Two kinds
 * of run, each on a fresh database:
 * - model-bound (BENCH_SCALE, 1/250 by default: 400 snippets, 1,350 items, 4,047 calls a run; about
 *   25 min for the three): seed, agents and discuss, verification off, with 1, 2 and 4 workers:
 *   orchestration overhead against the minimum below, and scaling. BENCH_SCALE=1000 is the quick
 *   loop (about 8 min), whose projection overstates (figures below);
 * - executed (BENCH_EXECUTED_SCALE, 1/5000: 20 snippets) with the most workers: every stage (discuss
 *   with verification and self-correction, solve, DPO with 128/BENCH_DPO_SCALE = 8 samples per query),
 *   every answer run in the sandbox: executions per second per core, and the database per table,
 *   per 1 k discussions and extrapolated to the paper's counts. On a 2-core machine the sandbox, not
 *   the endpoint, bounds this run, so its ratio is reported but is not the headline.
 *
 * The minimum the endpoint's concurrency allows. The run's model work falls in barrier segments: the
 * seed stage, each discussion round (the next round is planned once the last settles), the solve
 * stage and the DPO stage. A call's service time is what the latency model makes it: ttft +
 * completion tokens / tokens per second. In a segment, with P = min(C, workers × J × k) calls in
 * flight at most (k: calls one job keeps in flight: 1 for seeds and discussions, solveSamples for
 * solve, min(dpo.samples, 32) for DPO), the segment takes at least max(Σ service / P, its longest
 * item chain), an item's chain being its sequential calls (a seed pair's three, a discussion's
 * turns) or, for solve and DPO, the tests call then the longest sample. The minimum is the sum over
 * segments; sandbox executions, the database and the queue count as overhead, which is the point.
 * ratio = wall / minimum. The JSON's `ratio` (goal ≤ 1.03) is the issue's "simulated run at the
 * paper's sizes": the worst model-bound run extrapolated to paper scale (below); `measuredRatio` is the
 * worst ratio the runs measured at their own scale, each barrier's fixed costs included.
 *
 * The model server streams 100 tokens/s an answer by default (BENCH_TOKENS_PER_SECOND), 3.2 k tokens/s
 * at 32 answers at once: a served model's speed. At 400 the workers of a 2-core machine run out of CPU
 * before the endpoint is the limit (4 workers want ≈ 2.9 cores at 12.8 k tokens/s), so the bench
 * would measure the machine rather than the orchestration; README "Sizing" says how many cores a
 * given token rate needs.
 *
 * A second bound, labelled as such and never the headline: the makespan of a zero-overhead list
 * scheduler replaying each segment's items (their chains of service times) on P slots in the order
 * they were dispatched, summed over the segments (`listRatio` = wall / that). Scheduling chains of
 * sequential calls on P slots leaves slots idle at the tail of every segment by itself; the gap
 * between the two bounds is that, the gap between the list bound and the wall is orchestration.
 * Under each model-bound run, bench/scale-breakdown.ts says where the rest went (the run's
 * database: per segment the slot time in service, latency beyond it, work inside items without a
 * call and idle slots; the transitions between segments), and the CPU the worker processes and
 * the scripted server spent per streamed token.
 *
 * Extrapolated to paper scale (printed under each model-bound run, `extrapolatedRatio` per run, and
 * the JSON's `ratio`). At 1/250 a discussion round is 183 items on 32 slots behind a barrier, so its
 * list-schedule tail (≈ one chain), its start burst and the transitions weigh far more than at 67 k
 * discussions. From the breakdown, per segment: the service on P slots and the time beyond the
 * list-scheduled bound (span − list bound: work inside items, latency, dispatch; none when the
 * segment beat that bound, its items taken in a better order than dispatched) less the slots' ramp
 * are per-item costs and grow with the segment's items (× paper count / this run's count: seed pairs
 * for the seed segment, discussions for the rounds). The slots' ramp (the mean lag of the segment's
 * first P calls behind its first: the burst of items taken at once, each with its checks before its
 * first call) is paid once per segment, as is the tail (list bound − service / P): both stay as
 * measured. Of the transitions, the agents item grows with the kept seeds; the rest are fixed per
 * barrier. Extrapolated ratio = that wall / (the grown service on P slots). The method errs high:
 * projected from 1/1000 to 1/250, a 4-worker run of 2026-12-06 gives ≈ 1.16 where 1/250 measured
 * 1.107, since at 1/1000 more of a round's cost is its start and end than its items.
 *
 * Also per run: items/s per stage and overall, and its scaling against one worker (the ideal is
 * min(C, W·J·k) / min(C, J·k)). The database: pg_total_relation_size per table after VACUUM FULL
 * (live rows) less what the empty schema takes, extrapolated with the measured bytes per unit (each
 * table, or each part of work_steps and llm_calls, scaled by the count that makes its rows: snippets,
 * seed pairs, kept seeds, discussions, items, DPO samples). Progress on stderr; absolute times
 * depend on the machine's load.
 *
 * Figures (this machine: 2 cores; one run each, so ± a few % from run to run). The history of how they
 * got here, with what each change measured, is in this file's git log and the issue notes.
 * Defaults (`npm run bench:scale` as it is, 2026-12-06, quiet machine, 30 min): 1, 2, 4 workers at paper
 * scale 1.001, 1.003, 1.005; measured at 1/250 1.015, 1.048, 1.102 (list-scheduled 1.001, 1.009,
 * 1.036); 1.65 → 3.20 → 6.07 items/s (× 1.94, × 3.68); 140, 169, 173 µs of worker CPU per streamed
 * token. The same code run by parts the same morning: 1.001, 1.005, 1.006 at paper scale, 1.016, 1.049,
 * 1.107 measured, × 1.95 and × 3.69. What the
 * 4-worker run measured beyond the endpoint's minimum (22 s on 202 s) is per barrier, not per item:
 * the list-schedule tail ≈ 15 s (chains of three calls on 32 slots behind each of four barriers), the
 * slots' ramps ≈ 3.5 s (≈ 0.8–0.9 s a segment at 4 workers, 0.1–0.2 s at 1) and the transitions ≈ 3 s.
 * At 1/1000 (BENCH_SCALE=1000) the same 4 workers: measured 1.37–1.41, projected 1.041: the same ramps
 * and transitions on rounds of 45 items. At 400 tokens/s and 1/1000 (the former defaults), 4 workers
 * on 2 cores are CPU-bound: measured 1.85–1.95, ≈ 2.9 cores of worker CPU wanted.
 * Executed run (4 workers, 100 tokens/s): 487 executions, 1.78/s per core over a run of 137 s (503 and
 * 1.62/s in another run; 1.99 at 400 tokens/s, a shorter run); 95.3 MB per 1 k discussions, ≈ 4.73 GB
 * at paper scale.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { childEnv } from "@/lib/env";
import type { Language } from "@/lib/languages";
import { Gateway } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { resolveEndpoint } from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";
import { testEndpointConnection } from "@/lib/llm/test-connection";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject } from "@/lib/testing/synthesis";
import { spawnModelServer } from "@/model-server/process";
import type { ServerStats } from "@/model-server/server";
import { extrapolateBreakdown, printBreakdown, runBreakdown, type Breakdown } from "./scale-breakdown";
import { printPgWaits, samplePgWaits } from "./pg-waits";
import { bar, benchSnippets } from "./snippets";

const SCALE = Number(process.env.BENCH_SCALE ?? 250);
const DPO_SCALE = Number(process.env.BENCH_DPO_SCALE ?? 16);
/** Worker counts of the model-bound runs ("" for none: only the executed run, e.g. to measure the database). */
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").filter(Boolean).map(Number);
/** Workers of the executed run; 0 skips it (quick loops on the model-bound runs). */
const EXECUTED_WORKERS = Number(process.env.BENCH_EXECUTED_WORKERS ?? Math.max(4, ...WORKERS));
const JOBS = Number(process.env.BENCH_JOBS ?? 8);
const ENDPOINT_CONCURRENCY = Number(process.env.BENCH_ENDPOINT_CONCURRENCY ?? 32);
const TTFT_MS = Number(process.env.BENCH_TTFT_MS ?? 200);
const TOKENS_PER_SECOND = Number(process.env.BENCH_TOKENS_PER_SECOND ?? 100);
/** Interpreted languages of the paper's seven: executions stay cheap next to the model's time on 2 cores (bench:sandbox measures the rest). */
/** Node's options for the worker processes only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a worker's CPU goes. */
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
/** "1": PostgreSQL loads pg_stat_statements and each run prints its statements, most frequent first, per item. */
const PG_STATEMENTS = process.env.BENCH_PG_STATEMENTS === "1";
const PG_WAITS = process.env.BENCH_PG_WAITS === "1";
const LANGUAGE_MIX = (process.env.BENCH_LANGUAGES ?? "python,bash,php,typescript").split(",") as Language[];

const PAPER = { snippets: 100_000, seedPairs: 200_000, keptSeeds: 30_000, discussions: 67_000, sftItems: 97_300, dpoSamplesPerQuery: 128 };
const SNIPPETS = Math.round(PAPER.snippets / SCALE);
/** The executed run's scale: every answer runs in the sandbox, which 2 shared cores make the bottleneck. */
const EXECUTED_SCALE = Number(process.env.BENCH_EXECUTED_SCALE ?? 5000);
const EXECUTED_SNIPPETS = Math.round(PAPER.snippets / EXECUTED_SCALE);
const DPO_SAMPLES = Math.max(2, Math.round(PAPER.dpoSamplesPerQuery / DPO_SCALE));
const SOLVE_SAMPLES = 4;

type Unit = keyof typeof PAPER | "dpoSamples" | "fixed";

/** What makes each table's rows grow, to extrapolate its bytes (work_steps and llm_calls are split by key and stage). */
const TABLE_UNITS: Record<string, Unit> = {
  snippets: "snippets",
  seed_samples: "seedPairs",
  agents: "keptSeeds",
  memory_items: "keptSeeds",
  memory_events: "keptSeeds",
  discussions: "discussions",
  discussion_participants: "discussions",
  turns: "discussions",
  live_texts: "discussions",
  candidate_seeds: "discussions",
  dpo_queries: "discussions",
  dpo_pairs: "discussions",
  candidates: "sftItems",
  revisions: "sftItems",
  verification_runs: "sftItems",
  solve_checks: "sftItems",
  solve_trials: "sftItems",
  run_items: "sftItems",
};

interface Segment {
  name: string;
  /** Calls one job keeps in flight. */
  perJob: number;
  serviceMs: number;
  calls: number;
  chainMs: number;
}

interface WorkerCountResult {
  kind: Phase["kind"];
  workers: number;
  wallMs: number;
  minimumMs: number;
  ratio: number;
  segments: (Segment & { parallel: number; minimumMs: number })[];
  stages: { stage: string; items: number; failed: number; seconds: number; perSecond: number }[];
  itemsPerSecond: number;
  counts: Record<Exclude<Unit, "fixed">, number> & { calls: number };
  executions: { count: number; perSecondPerCore: number; meanMs: number };
  tables: { table: string; bytes: number; rows: number }[];
  totalBytes: number;
  paperBytes: number;
  paperTables: { table: string; bytes: number }[];
  breakdown: Breakdown | undefined;
  /** CPU per streamed completion token: the worker processes' and the scripted server's, in µs. */
  cpu: { workerUsPerToken: number; serverUsPerToken: number; tokens: number };
  /** The scripted server's whole answers in the run: their modelled time and its own lag beyond it (GET /stats). */
  served: ServerStats["served"];
}

/** The scripted server's counters (model-server/server.ts: GET /stats). */
async function serverStats(url: string): Promise<ServerStats> {
  return (await (await fetch(url.replace(/\/v1$/, "/stats"))).json()) as ServerStats;
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * What the bench started, stopped if it ends without its own cleanup (Ctrl-C, a closed pipe, a
 * crash): a bench killed halfway through left its workers, model server and PostgreSQL running.
 */
const spawned = { processes: new Set<ChildProcess>(), postgresPid: 0 };
process.once("exit", () => {
  for (const child of spawned.processes) child.kill("SIGKILL");
  try {
    if (spawned.postgresPid) process.kill(spawned.postgresPid, "SIGINT"); // a fast shutdown; it finishes on its own
  } catch {
    // already gone
  }
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => process.exit(130));

function startWorkerProcess(url: string, secretKey: string): { child: ChildProcess; exited: Promise<void> } {
  const child = spawn(process.execPath, [...WORKER_NODE_ARGS, path.resolve("bin/rosetta.js"), "worker"], {
    env: childEnv({ DATABASE_URL: url, ROSETTA_WORKER_CONCURRENCY: String(JOBS), ROSETTA_SECRET_KEY: secretKey }),
    stdio: ["ignore", "ignore", "inherit"],
  });
  spawned.processes.add(child);
  return {
    child,
    exited: new Promise((resolve) =>
      child.once("exit", () => {
        spawned.processes.delete(child);
        resolve();
      }),
    ),
  };
}

/** CPU seconds a process has used so far (user + system, from /proc; 0 where there is none). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = pid ? await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "") : "";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields.length > 13 ? (Number(fields[11]) + Number(fields[12])) / 100 : 0;
}

async function testEndpoint(db: Db, secretKey: string, id: string): Promise<void> {
  const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
  try {
    const report = await testEndpointConnection({ gateway, endpoint: await resolveEndpoint({ db, secretKey, id }) });
    if (!report.ok) throw new Error(`the scripted model server failed its connection test: ${report.error}`);
  } finally {
    await gateway.close();
  }
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An llm_calls row's service time: a rolled-up row (a settled item's calls, lib/synthesis/steps.ts) stands for `calls` of them. */
const serviceSql = `(c.calls * ${TTFT_MS} + c.completion_tokens * 1000.0 / ${TOKENS_PER_SECOND})`;

/** Each barrier segment's calls: total service time, count and longest item chain (see the header). */
async function segments(client: pg.Client, runId: string): Promise<Segment[]> {
  const sequential = async (name: string, perJob: number, itemsSql: string): Promise<Segment> => {
    const { rows } = await client.query<{ service: number; calls: number; chain: number }>(
      `with per_item as (${itemsSql}) select coalesce(sum(service), 0)::float8 as service, coalesce(sum(calls), 0)::int as calls,
         coalesce(max(service), 0)::float8 as chain from per_item`,
      [runId],
    );
    return { name, perJob, serviceMs: rows[0]!.service, calls: rows[0]!.calls, chainMs: rows[0]!.chain };
  };
  /**
   * Solve and DPO: the tests call, then the samples in parallel (the chain: tests + the longest
   * sample). A settled item's samples are one rolled-up row: its longest sample is taken as their mean.
   */
  const sampled = async (name: string, perJob: number, prefix: string): Promise<Segment> => {
    const { rows } = await client.query<{ service: number; calls: number; chain: number }>(
      `with steps as (
         select w.key, c.role, ${serviceSql} as service, c.calls from work_steps w join llm_calls c on c.id = w.llm_call_id
         where w.key like $2 and c.run_id = $1 and c.error_code is null),
       per_item as (
         select key, sum(service) as service, sum(calls) as calls,
           coalesce(max(service / calls) filter (where role = 'TEST_WRITER'), 0) + coalesce(max(service / calls) filter (where role <> 'TEST_WRITER'), 0) as chain
         from steps group by key)
       select coalesce(sum(service), 0)::float8 as service, coalesce(sum(calls), 0)::int as calls, coalesce(max(chain), 0)::float8 as chain from per_item`,
      [runId, `${prefix}:%`],
    );
    return { name, perJob, serviceMs: rows[0]!.service, calls: rows[0]!.calls, chainMs: rows[0]!.chain };
  };
  const seed = await sequential(
    "seed",
    1,
    `select w.key, sum(${serviceSql}) as service, sum(c.calls) as calls from work_steps w join llm_calls c on c.id = w.llm_call_id
     where w.key like 'seed:%' and c.run_id = $1 and c.error_code is null group by w.key`,
  );
  const { rows: rounds } = await client.query<{ round: number }>(
    "select distinct plan_round as round from discussions where run_id = $1 order by plan_round",
    [runId],
  );
  const discussionRounds: Segment[] = [];
  for (const { round } of rounds) {
    discussionRounds.push(
      await sequential(
        `discuss round ${round}`,
        1,
        `select t.discussion_id, sum(${serviceSql}) as service, count(*) as calls from turns t
         join discussions d on d.id = t.discussion_id join llm_calls c on c.id = t.llm_call_id
         where d.run_id = $1 and d.plan_round = ${Number(round)} and c.error_code is null group by t.discussion_id`,
      ),
    );
  }
  return [
    seed,
    ...discussionRounds,
    await sampled("solve", SOLVE_SAMPLES, "solve"),
    await sampled("dpo", Math.min(DPO_SAMPLES, 32), "dpo"),
  ];
}

async function tableSizes(client: pg.Client) {
  const { rows } = await client.query<{ table: string; bytes: string; rows: string }>(
    `select c.relname as table, pg_total_relation_size(c.oid)::bigint as bytes, c.reltuples::bigint as rows
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname in ('public', 'graphile_worker', 'graphile_worker_private') order by 2 desc`,
  );
  return rows.map((row) => ({ table: row.table, bytes: Number(row.bytes), rows: Math.max(0, Number(row.rows)) }));
}

/** The share of a table's bytes per group (work_steps by key prefix, llm_calls by stage), from its rows' sizes. */
async function shares(client: pg.Client, table: string, groupSql: string): Promise<Map<string, number>> {
  const { rows } = await client.query<{ group: string; bytes: string }>(
    `select ${groupSql} as group, sum(pg_column_size(t.*))::bigint as bytes from ${table} t group by 1`,
  );
  const total = rows.reduce((sum, row) => sum + Number(row.bytes), 0);
  return new Map(rows.map((row) => [row.group, total ? Number(row.bytes) / total : 0]));
}

function unitOfGroup(group: string): Unit {
  if (group.startsWith("seed")) return "seedPairs";
  if (group === "discussion" || group.startsWith("scor") || group.startsWith("verif") || group.startsWith("judg")) return "discussions";
  if (group.startsWith("solve")) return "sftItems";
  // A DPO query's calls are rolled up once it is stored (lib/synthesis/steps.ts): rows per query, not per sample.
  if (group.startsWith("dpo")) return "discussions";
  return "discussions";
}

interface Phase {
  /** "model": seed, agents, discuss without execution (model-bound: the ratio); "executed": every stage, each answer run. */
  kind: "model" | "executed";
  workers: number;
  snippets: number;
}

async function measure(
  adminUrl: string,
  server: { url: string; pid: number | undefined },
  { kind, workers, snippets }: Phase,
): Promise<WorkerCountResult> {
  const name = `bench_scale_${kind}_w${workers}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = databaseUrl(adminUrl, name);
  await migrateDatabase(url);
  const db: Db = createDb(url, { max: 4 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // What the tables and their indexes take empty (a page or two each): left out of the per-unit bytes.
  const empty = new Map((await tableSizes(client)).map((table) => [table.table, table.bytes]));
  const secretKey = newSecretKey();
  const processes = Array.from({ length: workers }, () => startWorkerProcess(url, secretKey));
  let waits: Awaited<ReturnType<typeof samplePgWaits>> | undefined;
  try {
    const { projectId, endpointProfileId } = await createSynthesisProject({
      db,
      slug: name.replaceAll("_", "-"),
      baseUrl: server.url,
      snippets: benchSnippets(snippets, LANGUAGE_MIX),
      maxConcurrency: ENDPOINT_CONCURRENCY,
      settings: {
        verification: { enabled: kind === "executed" },
        dpo: { samples: DPO_SAMPLES },
        quality: { solveSamples: SOLVE_SAMPLES },
      },
    });
    // The endpoint tested once, as a user does on adding it ("Test connection"): its structured-output
    // mode is probed then and remembered on its profile, so the run does not probe it (once per
    // endpoint, not per run; a fresh database per run would otherwise pay it every time).
    await testEndpoint(db, secretKey, endpointProfileId);
    await waitFor(
      async () => (await db.worker.count({ where: { queueWorkerId: { not: null }, stoppedAt: null } })) === workers,
      "the workers",
    );
    if (PG_STATEMENTS) await client.query("create extension if not exists pg_stat_statements; select pg_stat_statements_reset()");
    const cpuBefore = await Promise.all([server.pid, ...processes.map(({ child }) => child.pid)].map(cpuSeconds));
    const servedBefore = (await serverStats(server.url)).served;
    if (PG_WAITS) waits = await samplePgWaits(url);
    const started = performance.now();
    const run = await startRun({
      db,
      projectId,
      stages: kind === "model" ? ["SEED", "AGENTS", "DISCUSS"] : ["SEED", "AGENTS", "DISCUSS", "VERIFY", "SOLVE", "DPO"],
    });
    for (;;) {
      const state = await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id }, select: { status: true, stage: true, error: true } });
      const [settled, total] = await Promise.all([
        db.runItem.count({ where: { runId: run.id, status: { in: ["DONE", "FAILED"] } } }),
        db.runItem.count({ where: { runId: run.id } }),
      ]);
      bar(`${kind}, ${workers} worker(s): ${(state.stage ?? "done").toLowerCase()}`, settled, total);
      if (state.status !== "RUNNING") {
        process.stderr.write("\n");
        if (state.status === "FAILED" || state.status === "CANCELLED")
          throw new Error(`the run ended ${state.status}${state.error ? `: ${state.error}` : ""}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const wallMs = performance.now() - started;
    if (waits) printPgWaits(await waits.stop());
    const cpuAfter = await Promise.all([server.pid, ...processes.map(({ child }) => child.pid)].map(cpuSeconds));
    const cpuUsed = cpuAfter.map((after, i) => after - cpuBefore[i]!);
    const servedAfter = (await serverStats(server.url)).served;
    const served = {
      answers: servedAfter.answers - servedBefore.answers,
      modelMs: servedAfter.modelMs - servedBefore.modelMs,
      beyondMs: servedAfter.beyondMs - servedBefore.beyondMs,
    };
    if (PG_STATEMENTS) await printStatements(client, run.id);

    const measured = (await segments(client, run.id)).map((segment) => {
      const parallel = Math.min(ENDPOINT_CONCURRENCY, workers * JOBS * segment.perJob);
      return { ...segment, parallel, minimumMs: Math.max(segment.serviceMs / parallel, segment.chainMs) };
    });
    const minimumMs = measured.reduce((sum, segment) => sum + segment.minimumMs, 0);
    const breakdown =
      kind === "model"
        ? await runBreakdown(client, run.id, {
            ttftMs: TTFT_MS,
            tokensPerSecond: TOKENS_PER_SECOND,
            parallel: Math.min(ENDPOINT_CONCURRENCY, workers * JOBS),
          })
        : undefined;

    const { rows: stageRows } = await client.query<{ stage: string; items: number; failed: number; seconds: number }>(
      `select stage::text, count(*)::int as items, count(*) filter (where status = 'FAILED')::int as failed,
         coalesce(extract(epoch from max(finished_at) - min(started_at)), 0)::float8 as seconds
       from run_items where run_id = $1 group by stage order by min(created_at)`,
      [run.id],
    );
    const stages = stageRows.map((row) => ({ ...row, perSecond: row.seconds > 0 ? row.items / row.seconds : 0 }));
    const itemCount = stages.reduce((sum, stage) => sum + stage.items, 0);

    const { rows: countRows } = await client.query<Record<string, string>>(
      `select (select count(*) from snippets) as snippets, (select count(*) from seed_samples) as "seedPairs",
         (select count(*) from seed_samples where status = 'KEPT') as "keptSeeds", (select count(*) from discussions) as discussions,
         (select count(*) from candidates) as "sftItems", (select coalesce(sum(samples), 0) from dpo_queries) as "dpoSamples",
         (select coalesce(sum(calls), 0) from llm_calls) as calls,
         (select count(*) from verification_runs) + (select count(*) from solve_trials)
           + (select coalesce(sum(passed + failed), 0) from dpo_queries) as executions,
         (select coalesce(avg(duration_ms), 0) from (select duration_ms from verification_runs union all select duration_ms from solve_trials) d) as "meanMs"`,
    );
    const raw = Object.fromEntries(Object.entries(countRows[0]!).map(([key, value]) => [key, Number(value)]));
    const counts = {
      snippets: raw.snippets!,
      seedPairs: raw.seedPairs!,
      keptSeeds: raw.keptSeeds!,
      discussions: raw.discussions!,
      sftItems: raw.sftItems!,
      dpoSamples: raw.dpoSamples!,
      dpoSamplesPerQuery: DPO_SAMPLES,
      calls: raw.calls!,
    };
    const executions = {
      count: raw.executions!,
      perSecondPerCore: raw.executions! / (wallMs / 1000) / os.availableParallelism(),
      meanMs: raw.meanMs!,
    };

    // Live data only: a long run reuses the space of rows it rewrote (settled steps), a short one would count it twice.
    await client.query("vacuum full analyze");
    const tables = await tableSizes(client);
    const totalBytes = tables.reduce((sum, table) => sum + Math.max(0, table.bytes - (empty.get(table.table) ?? 0)), 0);
    const paperCount: Record<Unit, number> = {
      ...PAPER,
      dpoSamples: PAPER.discussions * PAPER.dpoSamplesPerQuery,
      fixed: 1,
    };
    const factor = (unit: Unit) => (unit === "fixed" ? 1 : counts[unit] ? paperCount[unit] / counts[unit] : 0);
    const split = {
      work_steps: await shares(client, "work_steps", "split_part(t.key, ':', 1)"),
      llm_calls: await shares(client, "llm_calls", "t.stage"),
    };
    const paperTables = tables.map(({ table, bytes: total }) => {
      const bytes = Math.max(0, total - (empty.get(table) ?? 0));
      const parts = split[table as keyof typeof split];
      if (parts) return { table, bytes: [...parts].reduce((sum, [group, share]) => sum + bytes * share * factor(unitOfGroup(group)), 0) };
      // Queue and bookkeeping tables (jobs are deleted once done) stay the size they are.
      return { table, bytes: bytes * factor(TABLE_UNITS[table] ?? "fixed") };
    });
    const paperBytes = paperTables.reduce((sum, table) => sum + table.bytes, 0);
    const { rows: tokenRows } = await client.query<{ tokens: string }>(
      "select coalesce(sum(completion_tokens), 0)::bigint as tokens from llm_calls where run_id = $1",
      [run.id],
    );
    const tokens = Math.max(1, Number(tokenRows[0]!.tokens));
    const cpu = {
      workerUsPerToken: (cpuUsed.slice(1).reduce((sum, seconds) => sum + seconds, 0) * 1e6) / tokens,
      serverUsPerToken: (cpuUsed[0]! * 1e6) / tokens,
      tokens,
    };
    return {
      kind,
      workers,
      wallMs,
      cpu,
      minimumMs,
      ratio: wallMs / minimumMs,
      segments: measured,
      stages,
      itemsPerSecond: itemCount / (wallMs / 1000),
      counts,
      executions,
      tables,
      totalBytes,
      paperBytes,
      paperTables: paperTables.sort((a, b) => b.bytes - a.bytes),
      breakdown,
      served,
    };
  } finally {
    await waits?.stop();
    for (const { child } of processes) child.kill("SIGTERM");
    await Promise.all(processes.map(({ exited }) => exited));
    await client.end();
    await db.$disconnect();
  }
}

/** The run's statements by how often they ran (this bench's own polling among them), per item of the run. */
async function printStatements(client: pg.Client, runId: string) {
  const { rows: itemRows } = await client.query<{ items: number }>("select count(*)::int as items from run_items where run_id = $1", [
    runId,
  ]);
  const items = Math.max(1, itemRows[0]!.items);
  const { rows } = await client.query<{ calls: string; ms: number; toplevel: boolean; query: string }>(
    `select calls, total_exec_time as ms, toplevel, left(regexp_replace(query, '\\s+', ' ', 'g'), 150) as query
     from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
     order by calls desc`,
  );
  // Top level: what clients sent. Nested: run inside those (functions, triggers, foreign-key checks).
  for (const toplevel of [true, false]) {
    const these = rows.filter((row) => row.toplevel === toplevel);
    const calls = these.reduce((sum, row) => sum + Number(row.calls), 0);
    const ms = these.reduce((sum, row) => sum + row.ms, 0);
    console.log(
      `  ${toplevel ? "statements sent" : "nested statements"}: ${calls} (${(calls / items).toFixed(1)} per item of ${items}), ${(ms / 1000).toFixed(1)} s executing`,
    );
    for (const row of these.slice(0, toplevel ? 40 : 10)) {
      console.log(
        `    ${(Number(row.calls) / items).toFixed(2).padStart(7)}/item ${(row.ms / 1000).toFixed(2).padStart(6)} s  ${row.query}`,
      );
    }
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** A model-bound run extrapolated to the paper's counts with its measured per-item costs (see the header); never the headline. */
function extrapolated(result: WorkerCountResult) {
  if (!result.breakdown) return undefined;
  const { counts } = result;
  const per = (unit: "seedPairs" | "discussions" | "keptSeeds") => (counts[unit] ? PAPER[unit] / counts[unit] : 0);
  return extrapolateBreakdown(result.breakdown, {
    parallel: Math.min(ENDPOINT_CONCURRENCY, result.workers * JOBS),
    factor: (segment) => (segment === "seed" ? per("seedPairs") : per("discussions")),
    agentsFactor: per("keptSeeds"),
  });
}

function report(result: WorkerCountResult, baseline: WorkerCountResult | undefined) {
  const { counts } = result;
  const listMinimumMs = result.breakdown?.segments.reduce((sum, segment) => sum + segment.listMs, 0);
  console.log(
    `\n${result.kind === "model" ? "model-bound run" : "executed run"}, ${result.workers} worker(s) × ${JOBS} jobs, measured at 1/${result.kind === "model" ? SCALE : EXECUTED_SCALE}: wall ${(result.wallMs / 1000).toFixed(1)} s, minimum ${(result.minimumMs / 1000).toFixed(1)} s, ratio ${result.ratio.toFixed(3)} (overhead ${((result.ratio - 1) * 100).toFixed(1)} %)${listMinimumMs ? `; against the list-scheduled bound ${(listMinimumMs / 1000).toFixed(1)} s: ${(result.wallMs / listMinimumMs).toFixed(3)}` : ""}`,
  );
  const paper = extrapolated(result);
  if (paper)
    console.log(
      `  at paper scale, extrapolated with this run's per-item costs: wall ${(paper.wallMs / 3.6e6).toFixed(2)} h, minimum ${(paper.minimumMs / 3.6e6).toFixed(2)} h, ratio ${paper.ratio.toFixed(3)} (overhead ${((paper.ratio - 1) * 100).toFixed(1)} %, goal ≤ 3 %)`,
    );
  console.log(
    `  made: ${counts.snippets} snippets, ${counts.seedPairs} seed pairs (${counts.keptSeeds} kept), ${counts.discussions} discussions, ${counts.sftItems} items, ${counts.dpoSamples} DPO samples, ${counts.calls} model calls`,
  );
  for (const segment of result.segments) {
    console.log(
      `  ${segment.name.padEnd(16)} ${String(segment.calls).padStart(6)} calls, service ${(segment.serviceMs / 1000).toFixed(1)} s / ${segment.parallel} in flight, longest chain ${(segment.chainMs / 1000).toFixed(1)} s → minimum ${(segment.minimumMs / 1000).toFixed(1)} s`,
    );
  }
  for (const stage of result.stages) {
    const before = baseline?.stages.find((s) => s.stage === stage.stage);
    const scaling = before?.perSecond ? ` (× ${(stage.perSecond / before.perSecond).toFixed(2)} vs 1 worker)` : "";
    console.log(
      `  ${stage.stage.padEnd(8)} ${String(stage.items).padStart(5)} items (${stage.failed} failed) in ${stage.seconds.toFixed(1)} s: ${stage.perSecond.toFixed(2)} items/s${scaling}`,
    );
  }
  const overall = baseline ? ` (× ${(result.itemsPerSecond / baseline.itemsPerSecond).toFixed(2)} vs 1 worker)` : "";
  console.log(`  overall: ${result.itemsPerSecond.toFixed(2)} items/s${overall}`);
  console.log(
    `  CPU per streamed token (${result.cpu.tokens} tokens): workers ${result.cpu.workerUsPerToken.toFixed(0)} µs, scripted server ${result.cpu.serverUsPerToken.toFixed(0)} µs`,
  );
  const { served } = result;
  if (served.answers)
    console.log(
      `  the scripted server's own lag (arrival → last byte beyond its latency model; in every call's latency, no client can remove it): ${(served.beyondMs / served.answers).toFixed(1)} ms an answer, ${((served.beyondMs / served.modelMs) * 100).toFixed(2)} % of their modelled time (${served.answers} answers)`,
    );
  console.log(
    `  sandbox: ${result.executions.count} executions, ${result.executions.perSecondPerCore.toFixed(2)}/s per core over the run (mean ${result.executions.meanMs.toFixed(0)} ms each)`,
  );
  if (result.breakdown) printBreakdown(result.breakdown, Math.min(ENDPOINT_CONCURRENCY, result.workers * JOBS));
  if (result.kind === "model") return;
  console.log(
    `  database: ${mb(result.totalBytes)} beyond the empty schema, ${mb((result.totalBytes / Math.max(1, counts.discussions)) * 1000)} per 1 k discussions; at paper scale ≈ ${gb(result.paperBytes)} (goal < 10 GB)`,
  );
  for (const table of result.tables.slice(0, 10)) {
    const paper = result.paperTables.find((t) => t.table === table.table)!;
    console.log(`    ${table.table.padEnd(24)} ${mb(table.bytes).padStart(10)} (${table.rows} rows) → paper ${gb(paper.bytes)}`);
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-scale-"));
  await chmod(dir, 0o755);
  console.log(
    `scale 1/${SCALE}: ${SNIPPETS} snippets (paper 100 k) for the model-bound runs, 1/${EXECUTED_SCALE}: ${EXECUTED_SNIPPETS} for the executed run; in ${LANGUAGE_MIX.join(", ")}; DPO ${DPO_SAMPLES} samples per query (paper 128, 1/${DPO_SCALE}); workers ${WORKERS.join(", ")} × J = ${JOBS} jobs; endpoint max_concurrency C = ${ENDPOINT_CONCURRENCY}; model server ${TTFT_MS} ms to first token, ${TOKENS_PER_SECOND} tokens/s; ${os.availableParallelism()} cores`,
  );
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    settings: PG_STATEMENTS ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "all" } : {},
  });
  const server = await spawnModelServer([
    "--ttft-ms",
    String(TTFT_MS),
    "--tokens-per-second",
    String(TOKENS_PER_SECOND),
    "--wrong-rate",
    "0.3",
    "--seed",
    "1",
  ]);
  spawned.postgresPid = postgres.pid;
  spawned.processes.add(server.child);
  const modelServer = { url: server.url, pid: server.child.pid };
  try {
    const results: WorkerCountResult[] = [];
    for (const workers of WORKERS) {
      const result = await measure(postgres.url, modelServer, { kind: "model", workers, snippets: SNIPPETS });
      report(
        result,
        results.find((r) => r.workers === 1),
      );
      results.push(result);
    }
    const executed = EXECUTED_WORKERS
      ? await measure(postgres.url, modelServer, { kind: "executed", workers: EXECUTED_WORKERS, snippets: EXECUTED_SNIPPETS })
      : undefined;
    if (executed) report(executed, undefined);
    // The headline is the run at the paper's sizes: each model-bound run extrapolated (the header says how).
    const paperRatio = (r: WorkerCountResult) => extrapolated(r)?.ratio ?? r.ratio;
    const worst = results.length ? results.reduce((a, b) => (paperRatio(b) > paperRatio(a) ? b : a)) : executed;
    if (!worst) throw new Error("nothing to run: BENCH_WORKERS is empty and BENCH_EXECUTED_WORKERS is 0");
    const baseline = results.find((r) => r.workers === 1);
    console.log(
      JSON.stringify({
        bench: "scale",
        scale: SCALE,
        executedScale: EXECUTED_SCALE,
        dpoSamplesPerQuery: DPO_SAMPLES,
        jobsPerWorker: JOBS,
        endpointConcurrency: ENDPOINT_CONCURRENCY,
        ttftMs: TTFT_MS,
        tokensPerSecond: TOKENS_PER_SECOND,
        runs: results.map((r) => ({
          workers: r.workers,
          wallMs: Math.round(r.wallMs),
          minimumMs: Math.round(r.minimumMs),
          measuredRatio: Number(r.ratio.toFixed(3)),
          itemsPerSecond: Number(r.itemsPerSecond.toFixed(3)),
          scaling: baseline ? Number((r.itemsPerSecond / baseline.itemsPerSecond).toFixed(2)) : null,
          listRatio: r.breakdown
            ? Number((r.wallMs / r.breakdown.segments.reduce((sum, segment) => sum + segment.listMs, 0)).toFixed(3))
            : null,
          workerCpuUsPerToken: Math.round(r.cpu.workerUsPerToken),
          extrapolatedRatio: r.breakdown ? Number(extrapolated(r)!.ratio.toFixed(3)) : null,
        })),
        executed: executed && {
          workers: executed.workers,
          wallMs: Math.round(executed.wallMs),
          minimumMs: Math.round(executed.minimumMs),
          ratio: Number(executed.ratio.toFixed(3)),
          executions: executed.executions.count,
          executionsPerSecondPerCore: Number(executed.executions.perSecondPerCore.toFixed(2)),
          databaseBytes: executed.totalBytes,
          bytesPer1kDiscussions: Math.round((executed.totalBytes / Math.max(1, executed.counts.discussions)) * 1000),
          paperBytes: Math.round(executed.paperBytes),
        },
        ratioOf: `${worst.kind === "model" ? "model-bound" : "executed"} run, ${worst.workers} worker(s)${worst.breakdown ? ", at paper scale" : ""}`,
        ratio: Number(paperRatio(worst).toFixed(3)),
        // What the runs measured at this scale, the fixed costs of each barrier included (the header says why they shrink at paper scale).
        measuredRatio: Number(Math.max(...(results.length ? results : [worst]).map((r) => r.ratio)).toFixed(3)),
      }),
    );
  } finally {
    await server.stop();
    await postgres.stop();
    spawned.postgresPid = 0;
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`\nbench:scale failed: ${error.message}`);
    process.exit(1);
  },
);
