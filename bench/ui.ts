/**
 * `npm run bench:ui`: the studio as people use it, against a throwaway embedded PostgreSQL holding
 * 100 k candidates (BENCH_CANDIDATES=1000000 for the paper's scale: seeding takes minutes then), with
 * revisions and decisions, served by the real studio (`rosetta studio`: production build, web server
 * and worker) on its own port and data directory.
 * - Review list: GET /api/projects/:slug/candidates for the queue's filters and sorts, first and deep
 *   keyset pages, p50/p95 over a few hundred requests; baseline: the same query as bare SQL via pg.
 * - Dashboard: GET /api/projects/:slug/dashboard (all the project page shows; it polls it), p50/p95.
 * - Discussion page with 200 turns: time to interactive in Chromium (last turn in the DOM, then the
 *   main thread free); baselines: a static page of the same turns, and the event stream fetched alone.
 * - Live token latency: pieces published through the engine's publisher (NOTIFY), emit → DOM, p50/p95.
 * It builds `.next` when the sources changed: run it under the e2e lock when other builds may run
 * (`flock /tmp/rosetta-e2e.lock npm run bench:ui`). BENCH_UI_PORT (3290), BENCH_CANDIDATES, … below;
 * BENCH_UI_SECTIONS=list,dashboard leaves out the browser's (discussion, live), as at 1 M.
 * Last line: JSON (`ratio` = the list's API p95 / bare SQL p95). Targets (the issue's, at 1 M candidates):
 * list p95 < 50 ms, dashboard p95 < 100 ms; live p95 < 150 ms.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "@playwright/test";
import pg from "pg";
import { chromiumPath } from "../e2e/config";
import { percentile, measureDiscussionTti, measureLiveLatency, measureStreamFetch } from "./ui-browser";
import { bareSql, deepCursor, listCases } from "./ui-list";
import { seedCandidates, seedDiscussion } from "./ui-seed";
import { createApiToken, createUser, signIn } from "@/lib/auth/accounts";
import { SESSION_COOKIE } from "@/lib/auth/request";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";

const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 100_000);
const PORT = Number(process.env.BENCH_UI_PORT ?? 3290);
const ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 25);
const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const TTI_RUNS = Number(process.env.BENCH_TTI_RUNS ?? 5);
const LIVE_TOKENS = Number(process.env.BENCH_LIVE_TOKENS ?? 400);
const LIVE_TOKENS_PER_SECOND = Number(process.env.BENCH_LIVE_TOKENS_PER_SECOND ?? 80);
const DASHBOARD_REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 30);
const SECTIONS = new Set((process.env.BENCH_UI_SECTIONS ?? "list,dashboard,discussion,live").split(","));
const LIMIT = 50;
const LIST_TARGET_MS = 50;
const DASHBOARD_TARGET_MS = 100;
const LIVE_TARGET_MS = 150;

const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (value: number) => Math.round(value * 10) / 10;
const stats = (values: number[]) => ({ p50: ms(percentile(values, 50)), p95: ms(percentile(values, 95)) });

async function startStudio(databaseUrl: string, dataDir: string): Promise<ChildProcess> {
  const studio = spawn(process.execPath, ["bin/rosetta.js", "studio"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      ROSETTA_DATA_DIR: dataDir,
      NODE_ENV: "production",
    },
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    studio.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stderr.write(chunk);
      if (out.includes("Rosetta studio is ready")) resolve();
    });
    studio.once("exit", (code) => reject(new Error(`the studio exited with ${code} during start-up`)));
  });
  return studio;
}

async function stopStudio(studio: ChildProcess): Promise<void> {
  if (studio.exitCode !== null || studio.signalCode !== null) return;
  const exited = once(studio, "exit");
  studio.kill("SIGTERM");
  const timer = setTimeout(() => studio.kill("SIGKILL"), 45_000);
  await exited;
  clearTimeout(timer);
}

async function measureList({
  baseUrl,
  token,
  client,
  projectId,
  seedId,
  viewerId,
}: {
  baseUrl: string;
  token: string;
  client: pg.Client;
  projectId: string;
  seedId: string;
  viewerId: string;
}) {
  const requests: { name: string; deep: boolean; params: Record<string, string> }[] = [];
  for (const c of listCases({ seedId })) {
    const all = bareSql(projectId, c.params, 0, viewerId);
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from (${all.text.replace(/limit \d+\s*$/, "")}) x`,
      all.values,
    );
    const cursor = await deepCursor(client, projectId, c.params, Math.floor(rows[0]!.n * 0.8), viewerId);
    requests.push({ name: c.name, deep: false, params: c.params });
    if (cursor)
      requests.push({
        name: `${c.name} (deep, row ${Math.floor(rows[0]!.n * 0.8)} of ${rows[0]!.n})`,
        deep: true,
        params: { ...c.params, cursor },
      });
  }
  const api: number[] = [];
  const bare: number[] = [];
  // The floor any signed-in API call pays here (HTTP, the token checked, the user loaded): GET /api/auth/me.
  const floor: number[] = [];
  const perCase = new Map<string, { api: number[]; bare: number[] }>();
  for (let round = -2; round < ROUNDS; round++) {
    for (const r of requests) {
      const query = new URLSearchParams({ ...r.params, limit: String(LIMIT) });
      let started = performance.now();
      const response = await fetch(`${baseUrl}/api/projects/bench/candidates?${query}`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await response.json()) as { items: { id: string }[] };
      const apiMs = performance.now() - started;
      if (!response.ok) throw new Error(`${r.name}: ${response.status} ${JSON.stringify(page)}`);
      const { text, values } = bareSql(projectId, r.params, LIMIT, viewerId);
      started = performance.now();
      const { rows } = await client.query<{ id: string }>(text, values);
      const bareMs = performance.now() - started;
      if (round === -2) {
        // The API and the bare query must be the same list, or the comparison means nothing.
        const same =
          page.items.map((i) => i.id).join() ===
          rows
            .slice(0, LIMIT)
            .map((row) => row.id)
            .join();
        if (!same || page.items.length === 0)
          throw new Error(`${r.name}: the API's page (${page.items.length} items) differs from the bare query's (${rows.length})`);
      }
      if (round < 0) continue; // warm-up
      api.push(apiMs);
      bare.push(bareMs);
      const entry = perCase.get(r.name) ?? { api: [], bare: [] };
      entry.api.push(apiMs);
      entry.bare.push(bareMs);
      perCase.set(r.name, entry);
    }
    const started = performance.now();
    const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    await me.arrayBuffer();
    if (round >= 0) floor.push(performance.now() - started);
    process.stderr.write(`\rreview list: round ${Math.max(0, round + 1)}/${ROUNDS}   `);
  }
  process.stderr.write("\n");
  for (const [name, entry] of perCase)
    log(
      `  ${name.padEnd(62)} api p50 ${stats(entry.api).p50} / p95 ${stats(entry.api).p95} ms · sql p50 ${stats(entry.bare).p50} / p95 ${stats(entry.bare).p95} ms`,
    );
  log(`  GET /api/auth/me with the same token (the floor of any signed-in call): p50 ${stats(floor).p50} ms, p95 ${stats(floor).p95} ms`);
  return { api: stats(api), bare: stats(bare), floor: stats(floor), requests: api.length };
}

/** The dashboard's own API at this size: the page asks for it every 2 s while a run is going. */
async function measureDashboard({ baseUrl, token }: { baseUrl: string; token: string }) {
  const times: number[] = [];
  for (let i = -2; i < DASHBOARD_REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/projects/bench/dashboard`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { languages?: { candidates: number }[] };
    if (!response.ok || body.languages?.reduce((a, l) => a + l.candidates, 0) !== CANDIDATES)
      throw new Error(`dashboard: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    if (i >= 0) times.push(performance.now() - started);
  }
  return stats(times);
}

/** The browser's sections: the discussion page's time to interactive, then live token latency. */
async function measurePages({
  baseUrl,
  db,
  session,
  discussionId,
  liveId,
  turns,
}: {
  baseUrl: string;
  db: Db;
  session: { token: string };
  discussionId: string;
  liveId: string;
  turns: { seq: number; kind: string; content: string }[];
}) {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: baseUrl }]);
  let tti: { studio: number; static: number; stream: number } | null = null;
  if (SECTIONS.has("discussion")) {
    const runs = await measureDiscussionTti({ browser, context, baseUrl, discussionId, turns, runs: TTI_RUNS });
    const streamFetch = await measureStreamFetch({
      baseUrl,
      cookie: `${SESSION_COOKIE}=${session.token}`,
      discussionId,
      turns: TURNS,
      runs: TTI_RUNS,
    });
    log(
      `discussion (${TURNS} turns): studio TTI ${runs.studio.map((t) => Math.round(t.ttiMs)).join(", ")} ms (last turn at ${runs.studio.map((t) => Math.round(t.lastTurnMs)).join(", ")}; input delay ${runs.studio.map((t) => ms(t.inputDelayMs)).join(", ")} ms)`,
    );
    log(
      `                   static page TTI ${runs.statics.map((t) => Math.round(t.ttiMs)).join(", ")} ms · event stream alone ${streamFetch.map(Math.round).join(", ")} ms`,
    );
    tti = {
      studio: percentile(
        runs.studio.map((t) => t.ttiMs),
        50,
      ),
      static: percentile(
        runs.statics.map((t) => t.ttiMs),
        50,
      ),
      stream: percentile(streamFetch, 50),
    };
  }
  let live: { p50: number; p95: number; count: number } | null = null;
  if (SECTIONS.has("live")) {
    const latencies = await measureLiveLatency({
      db,
      context,
      baseUrl,
      discussionId: liveId,
      streamingSeq: 3,
      tokens: LIVE_TOKENS,
      tokensPerSecond: LIVE_TOKENS_PER_SECOND,
    });
    live = { ...stats(latencies), count: latencies.length };
    log(
      `live tokens: ${latencies.length} pieces at ${LIVE_TOKENS_PER_SECOND}/s, emit → DOM p50 ${live.p50} ms, p95 ${live.p95} ms, max ${ms(Math.max(...latencies))} ms (the publisher batches every 80 ms)`,
    );
  }
  return { browser, tti, live };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-ui-"));
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  let db: Db | undefined;
  let client: pg.Client | undefined;
  let studio: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await migrateDatabase(postgres.url);
    db = createDb(postgres.url, { max: 4 });
    client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const password = "bench-ui-password-1";
    const user = await createUser(db, { email: "bench@ui.bench", password, admin: true });
    const project = await db.project.create({ data: { slug: "bench", name: "bench:ui", languages: [], settings: {} } });
    let started = performance.now();
    const other = await createUser(db, { email: "other@ui.bench", password });
    await seedCandidates(client, { projectId: project.id, userId: user.id, claimerId: other.id, count: CANDIDATES });
    const seedMs = performance.now() - started;
    log(`seeded ${CANDIDATES.toLocaleString("en")} candidates with revisions in ${(seedMs / 1000).toFixed(1)} s`);
    const discussionId = await seedDiscussion(client, { projectId: project.id, turns: TURNS, status: "SUCCEEDED" });
    const liveId = await seedDiscussion(client, { projectId: project.id, turns: 2, status: "RUNNING" });
    const turns = (
      await client.query<{ seq: number; kind: string; content: string }>(
        `select seq, kind::text, content from turns where discussion_id = $1 order by seq`,
        [discussionId],
      )
    ).rows;
    const { rows: seeds } = await client.query<{ id: string }>(
      `select seed_sample_id as id from candidate_seeds group by 1 order by 1 limit 1`,
    );
    const { token } = await createApiToken(db, { userId: user.id, name: "bench", role: "viewer" });
    const session = await signIn(db, { email: "bench@ui.bench", password, ip: "127.0.0.1" });

    started = performance.now();
    studio = await startStudio(postgres.url, path.join(dir, "studio"));
    log(`studio up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const baseUrl = `http://127.0.0.1:${PORT}`;

    const list = SECTIONS.has("list")
      ? await measureList({ baseUrl, token, client, projectId: project.id, seedId: seeds[0]!.id, viewerId: user.id })
      : null;
    const dashboard = SECTIONS.has("dashboard") ? await measureDashboard({ baseUrl, token }) : null;
    if (dashboard) log(`dashboard API (refreshed every 2 s during a run): p50 ${dashboard.p50} ms, p95 ${dashboard.p95} ms`);
    const page =
      SECTIONS.has("discussion") || SECTIONS.has("live") ? await measurePages({ baseUrl, db, session, discussionId, liveId, turns }) : null;
    browser = page?.browser;

    const listRatio = list ? list.api.p95 / list.bare.p95 : null;
    if (list)
      console.log(
        `review list (${CANDIDATES.toLocaleString("en")} candidates, ${list.requests} requests): API p50 ${list.api.p50} ms, p95 ${list.api.p95} ms (target < ${LIST_TARGET_MS}) · bare SQL p50 ${list.bare.p50} ms, p95 ${list.bare.p95} ms · ratio ${listRatio!.toFixed(2)}`,
      );
    if (dashboard) console.log(`dashboard API: p50 ${dashboard.p50} ms, p95 ${dashboard.p95} ms (target < ${DASHBOARD_TARGET_MS})`);
    if (page?.tti)
      console.log(
        `discussion page (${TURNS} turns): time to interactive ${Math.round(page.tti.studio)} ms · static page of the same turns ${Math.round(page.tti.static)} ms · event stream alone ${Math.round(page.tti.stream)} ms`,
      );
    if (page?.live) console.log(`live token latency: p50 ${page.live.p50} ms, p95 ${page.live.p95} ms (target < ${LIVE_TARGET_MS})`);
    console.log(
      JSON.stringify({
        bench: "ui",
        candidates: CANDIDATES,
        sections: [...SECTIONS],
        ...(list && {
          listRequests: list.requests,
          listP50Ms: list.api.p50,
          listP95Ms: list.api.p95,
          listBaselineP50Ms: list.bare.p50,
          listBaselineP95Ms: list.bare.p95,
          listRatio: Number(listRatio!.toFixed(2)),
          listRatioP50: Number((list.api.p50 / list.bare.p50).toFixed(2)),
          authFloorP50Ms: list.floor.p50,
          listTargetMet: list.api.p95 < LIST_TARGET_MS,
        }),
        ...(dashboard && {
          dashboardP50Ms: dashboard.p50,
          dashboardP95Ms: dashboard.p95,
          dashboardTargetMet: dashboard.p95 < DASHBOARD_TARGET_MS,
        }),
        ...(page?.tti && {
          discussionTurns: TURNS,
          discussionTtiMs: Math.round(page.tti.studio),
          discussionStaticTtiMs: Math.round(page.tti.static),
          discussionStreamFetchMs: Math.round(page.tti.stream),
          discussionRatio: Number((page.tti.studio / page.tti.static).toFixed(2)),
        }),
        ...(page?.live && {
          liveTokens: page.live.count,
          liveP50Ms: page.live.p50,
          liveP95Ms: page.live.p95,
          liveTargetMet: page.live.p95 < LIVE_TARGET_MS,
        }),
        // The list against its bare SQL when it ran; else the dashboard against its target.
        ratio:
          listRatio !== null ? Number(listRatio.toFixed(2)) : dashboard ? Number((dashboard.p95 / DASHBOARD_TARGET_MS).toFixed(2)) : null,
      }),
    );
  } finally {
    await browser?.close();
    if (studio) await stopStudio(studio);
    await client?.end();
    await db?.$disconnect();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:ui failed: ${error.message}`);
    process.exit(1);
  },
);
