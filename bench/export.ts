/**
 * `npm run bench:export`: accepted items in a READY version, exported as SFT JSONL to a file by
 * Rosetta's writer (`exportToDirectory`: one binary COPY stream, records, SHA-256, temporary file
 * flushed and renamed into place, the `exports` row) vs. a baseline from the same database in the same
 * run: `COPY (SELECT position, item_key, instruction, solution FROM dataset_items WHERE version_id = …
 * ORDER BY position) TO STDOUT` streamed into a file with pg-copy-streams. Each measurement runs in its
 * own child process (bench/export-child.ts, so its peak RSS is the export's alone), alternating writer
 * and COPY for a few rounds; the median of each counts.
 *
 * BENCH_ITEMS is a list of version sizes (default 100000; `BENCH_ITEMS=100000,1000000` shows that
 * memory does not grow with the version), each seeded by one INSERT … SELECT over generate_series.
 * Last line JSON with `ratio` = writer time / COPY time for the first size (target ≤ 1.3) and the
 * writer's peak RSS (target < 200 MB), then each size's figures under `sizes`.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { LANGUAGES } from "@/lib/languages";
import { BANK, LANGUAGE_NAMES, PROBLEMS } from "@/model-server/bank";

const SIZES = (process.env.BENCH_ITEMS ?? "100000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const run = promisify(execFile);

interface Measurement {
  ms: number;
  bytes: number;
  maxRssMb: number;
  /** RSS when the clock started: the process's modules and connections, before the export's first byte. */
  startRssMb: number;
}

/** Distinct items in all ten languages, from the model server bank's problems, inserted by one INSERT … SELECT. */
async function seed(url: string, items: number): Promise<string> {
  const db = createDb(url);
  const slug = `bench-export-${items}`;
  const project = await db.project.create({ data: { slug, name: slug, languages: [], settings: {} } });
  const version = await db.datasetVersion.create({
    data: { projectId: project.id, tag: "v1", status: "CUTTING", filters: {}, provenance: {} },
  });
  const entries = LANGUAGES.flatMap((language) =>
    PROBLEMS.filter((problem) => BANK[language][problem.id]).map((problem) => ({
      language,
      instruction: problem.instruction.replaceAll("{language}", LANGUAGE_NAMES[language]),
      solution: BANK[language][problem.id]!.solution,
    })),
  );
  await db.$executeRaw`
    insert into dataset_items (id, version_id, position, item_key, source, language, instruction, solution, tests, score, verified, content_hash)
    select gen_random_uuid(), ${version.id}::uuid, g, 'candidate:' || g, 'DS3', (${entries.map((e) => e.language)}::text[])[1 + g % ${entries.length}],
           (${entries.map((e) => e.instruction)}::text[])[1 + g % ${entries.length}] || E'\n(variant ' || g || ')',
           (${entries.map((e) => e.solution)}::text[])[1 + g % ${entries.length}], null, 4.5, true, md5(g::text)
      from generate_series(0, ${items - 1}) as g`;
  await db.datasetVersion.update({ where: { id: version.id }, data: { status: "READY", itemCount: items, cutAt: new Date() } });
  await db.$executeRawUnsafe("vacuum analyze dataset_items");
  await db.$disconnect();
  return version.id;
}

async function measure(kind: "writer" | "copy", url: string, versionId: string, root: string, round: number): Promise<Measurement> {
  const dir = path.join(root, `${kind}-${round}`);
  await mkdir(dir);
  const { stdout } = await run(process.execPath, ["--import", "./bin/register.js", "bench/export-child.ts", kind, url, versionId, dir], {
    maxBuffer: 1 << 20,
  });
  const measurement = JSON.parse(stdout.trim().split("\n").at(-1)!) as Measurement;
  await rm(dir, { recursive: true, force: true });
  return measurement;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface SizeResult {
  items: number;
  copyMs: number;
  exportMs: number;
  copyRowsPerSecond: number;
  exportRowsPerSecond: number;
  peakRssMb: number;
  /** The writer process's RSS before its export started (the largest over the rounds). */
  startRssMb: number;
  copyPeakRssMb: number;
  ratio: number;
}

async function benchSize(url: string, items: number, root: string): Promise<SizeResult> {
  const seeded = performance.now();
  const versionId = await seed(url, items);
  process.stderr.write(`seeded ${items.toLocaleString("en")} items in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);
  // One warm-up of each, not counted: the table's pages into the server's cache.
  await measure("copy", url, versionId, root, 0);
  await measure("writer", url, versionId, root, 0);
  const results: Record<"writer" | "copy", Measurement[]> = { writer: [], copy: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const kind of round % 2 ? (["copy", "writer"] as const) : (["writer", "copy"] as const)) {
      const m = await measure(kind, url, versionId, root, round);
      results[kind].push(m);
      process.stderr.write(
        `${items.toLocaleString("en")} items, round ${round} ${kind.padEnd(6)} ${(m.ms / 1000).toFixed(2)} s  ${Math.round(m.bytes / 1024 / 1024)} MB  peak RSS ${m.maxRssMb} MB (${m.startRssMb} MB at the start)\n`,
      );
    }
  }
  const writerMs = median(results.writer.map((m) => m.ms));
  const copyMs = median(results.copy.map((m) => m.ms));
  const rate = (ms: number) => Math.round((items / ms) * 1000);
  const result: SizeResult = {
    items,
    copyMs: Math.round(copyMs),
    exportMs: Math.round(writerMs),
    copyRowsPerSecond: rate(copyMs),
    exportRowsPerSecond: rate(writerMs),
    peakRssMb: Math.max(...results.writer.map((m) => m.maxRssMb)),
    startRssMb: Math.max(...results.writer.map((m) => m.startRssMb)),
    copyPeakRssMb: Math.max(...results.copy.map((m) => m.maxRssMb)),
    ratio: Number((writerMs / copyMs).toFixed(2)),
  };
  console.log(
    `${items.toLocaleString("en")} items, SFT JSONL ${Math.round(results.writer[0]!.bytes / 1024 / 1024)} MB; COPY text ${Math.round(results.copy[0]!.bytes / 1024 / 1024)} MB`,
  );
  console.log(
    `  COPY … TO STDOUT → file : ${(copyMs / 1000).toFixed(2)} s, ${result.copyRowsPerSecond.toLocaleString("en")} rows/s, peak RSS ${result.copyPeakRssMb} MB (median of ${ROUNDS})`,
  );
  console.log(
    `  rosetta export → file   : ${(writerMs / 1000).toFixed(2)} s, ${result.exportRowsPerSecond.toLocaleString("en")} rows/s, peak RSS ${result.peakRssMb} MB, ${result.startRssMb} MB before the export (median of ${ROUNDS}): ${result.ratio}× COPY`,
  );
  return result;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-export-"));
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "pg") });
  try {
    await migrateDatabase(postgres.url);
    const sizes: SizeResult[] = [];
    for (const items of SIZES) sizes.push(await benchSize(postgres.url, items, root));
    const first = sizes[0]!;
    console.log(
      JSON.stringify({
        bench: "export",
        items: first.items,
        rounds: ROUNDS,
        copyMs: first.copyMs,
        exportMs: first.exportMs,
        peakRssMb: first.peakRssMb,
        startRssMb: first.startRssMb,
        ratio: first.ratio,
        sizes,
      }),
    );
  } finally {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
