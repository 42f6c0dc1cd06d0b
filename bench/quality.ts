/**
 * `npm run bench:quality`: near-duplicate clusters over 100 k candidates in ten languages (built by
 * bench/quality-data.ts from the benchmarks' statements and solutions, with planted near-duplicate
 * groups and cross-language copies), stored as real candidates and revisions in embedded PostgreSQL
 * (COPY). Measures, each in its own process (bench/quality-child.ts): a plain pass that only reads
 * the same rows (same query, same pages) and `refreshClusters` over them (read, MinHash-LSH, exact
 * verification, the one transaction that stores the clusters). Then recall against exact Jaccard on
 * a 5 k sample (half whole families of planted items, half uniform): every pair whose exact Jaccard
 * in either view reaches the threshold must share a cluster; precision is the share of same-cluster
 * pairs that reach it directly (the rest joined through a chain). Last line JSON with `ratio` =
 * scan / plain pass.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { buildItems, loadProblems, type BenchItem } from "./quality-data";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { itemShingles } from "@/lib/quality/near-duplicates";
import { jaccard } from "@/lib/quality/shingles";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 5_000);
const THRESHOLD = Number(process.env.BENCH_THRESHOLD ?? 0.7);
const DATA_DIR = process.env.BENCH_DATA_DIR ?? path.resolve("../shared/data");
const run = promisify(execFile);

interface Measurement {
  ms: number;
  peakRssMb: number;
  summary: { items: number; clusters?: number; duplicates?: number; crossLingual?: number };
}

const copyText = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");

async function copyRows(client: pg.Client, sql: string, lines: Iterable<string>): Promise<void> {
  function* chunks() {
    let buffer = "";
    for (const line of lines) {
      buffer += line;
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

/** The items as candidates with one revision each, in three statements: two COPYs and one UPDATE. */
async function store(url: string, projectId: string, items: BenchItem[], ids: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const revisionIds = ids.map(() => randomUUID());
  await copyRows(
    client,
    "COPY candidates (id, project_id, language, total_score, updated_at) FROM STDIN",
    items.map((item, i) => `${ids[i]}\t${projectId}\t${item.language}\t${item.score}\tnow\n`),
  );
  await copyRows(
    client,
    "COPY revisions (id, candidate_id, number, author_kind, instruction, solution, tests) FROM STDIN",
    items.map((item, i) => `${revisionIds[i]}\t${ids[i]}\t1\tAGENT\t${copyText(item.instruction)}\t${copyText(item.solution)}\t\n`),
  );
  await client.query(
    "update candidates c set current_revision_id = r.id from revisions r where r.candidate_id = c.id and c.project_id = $1",
    [projectId],
  );
  await client.query("vacuum analyze candidates");
  await client.query("vacuum analyze revisions");
  await client.end();
}

async function measure(kind: "baseline" | "scan", url: string, projectId: string): Promise<Measurement> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "./bin/register.js", "bench/quality-child.ts", kind, url, projectId, String(THRESHOLD)],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Measurement;
}

/** Half the sample whole families (a base item and everything planted from it), half uniform: pairs to find, and pairs not to. */
function drawSample(items: BenchItem[]): number[] {
  let state = 0x5a17;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const byFamily = new Map<number, number[]>();
  items.forEach((item, i) => {
    const members = byFamily.get(item.family);
    if (members) members.push(i);
    else byFamily.set(item.family, [i]);
  });
  const families = [...byFamily.values()].filter((members) => members.length > 1);
  const chosen = new Set<number>();
  while (chosen.size < SAMPLE / 2 && families.length) {
    for (const i of families.splice(Math.floor(next() * families.length), 1)[0]!) chosen.add(i);
  }
  while (chosen.size < Math.min(SAMPLE, items.length)) chosen.add(Math.floor(next() * items.length));
  return [...chosen].slice(0, SAMPLE);
}

/** Exact Jaccard ≥ threshold (the size bound first: it is exact too, and skips most of 12.5 M merges). */
function reaches(a: Int32Array | null, b: Int32Array | null): boolean {
  if (!a || !b || Math.min(a.length, b.length) < THRESHOLD * Math.max(a.length, b.length)) return false;
  return jaccard(a, b) >= THRESHOLD;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-quality-"));
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "pg") });
  try {
    await migrateDatabase(postgres.url);
    const db = createDb(postgres.url);
    const project = await db.project.create({ data: { slug: "bench-quality", name: "bench-quality", languages: [], settings: {} } });
    let started = performance.now();
    const items = buildItems(loadProblems(DATA_DIR), ITEMS);
    const ids = items.map(() => randomUUID());
    await store(postgres.url, project.id, items, ids);
    const planted = items.filter((item) => item.kind !== "base").length;
    const languages = new Set(items.map((item) => item.language)).size;
    process.stderr.write(
      `built and stored ${ITEMS.toLocaleString("en")} items in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    // A warm-up read first, not counted: both measured passes find the rows in the server's cache.
    await measure("baseline", postgres.url, project.id);
    const baseline = await measure("baseline", postgres.url, project.id);
    process.stderr.write(`plain pass: ${(baseline.ms / 1000).toFixed(2)} s\n`);
    const scan = await measure("scan", postgres.url, project.id);
    process.stderr.write(`refreshClusters: ${(scan.ms / 1000).toFixed(2)} s\n`);
    if (scan.summary.items !== ITEMS || baseline.summary.items !== ITEMS)
      throw new Error(`read ${scan.summary.items} / ${baseline.summary.items} of ${ITEMS}`);

    started = performance.now();
    const sample = drawSample(items);
    const clusterRows = await db.candidate.findMany({
      where: { id: { in: sample.map((i) => ids[i]!) } },
      select: { id: true, clusterId: true },
    });
    const clusterOf = new Map(clusterRows.map((row) => [row.id, row.clusterId]));
    const sets = sample.map((i) => itemShingles(items[i]!));
    let truePairs = 0;
    let found = 0;
    let sameCluster = 0;
    let sameClusterTrue = 0;
    for (let x = 0; x < sample.length; x++) {
      const cluster = clusterOf.get(ids[sample[x]!]!) ?? null;
      for (let y = x + 1; y < sample.length; y++) {
        const a = sets[x]!;
        const b = sets[y]!;
        const near = reaches(a.instruction, b.instruction) || reaches(a.code, b.code);
        const together = cluster !== null && cluster === (clusterOf.get(ids[sample[y]!]!) ?? null);
        if (near) truePairs += 1;
        if (near && together) found += 1;
        if (together) sameCluster += 1;
        if (together && near) sameClusterTrue += 1;
      }
    }
    process.stderr.write(
      `exact Jaccard over the sample's ${((sample.length * (sample.length - 1)) / 2).toLocaleString("en")} pairs in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    await db.$disconnect();

    const recall = truePairs ? found / truePairs : 1;
    const precision = sameCluster ? sameClusterTrue / sameCluster : 1;
    const itemsPerSecond = Math.round((ITEMS / scan.ms) * 1000);
    const { clusters = 0, duplicates = 0, crossLingual = 0 } = scan.summary;
    console.log(
      `${ITEMS.toLocaleString("en")} items in ${languages} languages (${planted.toLocaleString("en")} planted near-duplicates and cross-language copies), threshold ${THRESHOLD}`,
    );
    console.log(`plain pass (same query, same pages): ${(baseline.ms / 1000).toFixed(2)} s, peak RSS ${baseline.peakRssMb} MB`);
    console.log(
      `refreshClusters                    : ${(scan.ms / 1000).toFixed(2)} s, ${itemsPerSecond.toLocaleString("en")} items/s, peak RSS ${scan.peakRssMb} MB`,
    );
    console.log(
      `clusters: ${clusters.toLocaleString("en")} (${crossLingual.toLocaleString("en")} cross-lingual), duplicates marked: ${duplicates.toLocaleString("en")}`,
    );
    console.log(
      `sample of ${sample.length.toLocaleString("en")}: ${truePairs} pairs at exact Jaccard ≥ ${THRESHOLD}, ${found} in one cluster (recall ${recall.toFixed(4)}); ${sameCluster} same-cluster pairs, ${sameClusterTrue} of them direct (precision ${precision.toFixed(4)})`,
    );
    console.log(
      JSON.stringify({
        bench: "quality",
        items: ITEMS,
        threshold: THRESHOLD,
        recall: Number(recall.toFixed(4)),
        precision: Number(precision.toFixed(4)),
        itemsPerSecond,
        peakRssMb: scan.peakRssMb,
        baselineMs: Math.round(baseline.ms),
        scanMs: Math.round(scan.ms),
        ratio: Number((scan.ms / baseline.ms).toFixed(2)),
      }),
    );
  } finally {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
