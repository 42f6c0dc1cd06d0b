/**
 * `npm run bench:export`: 100 k accepted items in a READY version, exported as SFT JSONL to a file by
 * Rosetta's writer (`exportToDirectory`: keyset pages, records, SHA-256, temporary file renamed into
 * place, the `exports` row) vs. a baseline from the same database in the same run: `COPY (SELECT
 * position, item_key, instruction, solution FROM dataset_items WHERE version_id = … ORDER BY position)
 * TO STDOUT` streamed into a file with pg-copy-streams. Each measurement runs in its own child
 * process (bench/export-child.ts, so its peak RSS is the export's alone), alternating writer and
 * COPY for a few rounds; the median of each counts. Last line JSON with `ratio` = writer time / COPY time (target ≤ 2.0) and
 * the writer's peak RSS (target < 300 MB).
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

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const run = promisify(execFile);

interface Measurement {
  ms: number;
  bytes: number;
  maxRssMb: number;
}

/** Distinct items in all ten languages, from the model server bank's problems, inserted by one INSERT … SELECT. */
async function seed(url: string): Promise<string> {
  const db = createDb(url);
  const project = await db.project.create({ data: { slug: "bench-export", name: "bench-export", languages: [], settings: {} } });
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
      from generate_series(0, ${ITEMS - 1}) as g`;
  await db.datasetVersion.update({ where: { id: version.id }, data: { status: "READY", itemCount: ITEMS, cutAt: new Date() } });
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

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-export-"));
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(root, "pg") });
  try {
    await migrateDatabase(postgres.url);
    const seeded = performance.now();
    const versionId = await seed(postgres.url);
    process.stderr.write(`seeded ${ITEMS.toLocaleString("en")} items in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`);
    // One warm-up of each, not counted: the table's pages into the server's cache, the JIT warm.
    await measure("copy", postgres.url, versionId, root, 0);
    await measure("writer", postgres.url, versionId, root, 0);
    const results: Record<"writer" | "copy", Measurement[]> = { writer: [], copy: [] };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of round % 2 ? (["copy", "writer"] as const) : (["writer", "copy"] as const)) {
        const m = await measure(kind, postgres.url, versionId, root, round);
        results[kind].push(m);
        process.stderr.write(
          `round ${round} ${kind.padEnd(6)} ${(m.ms / 1000).toFixed(2)} s  ${Math.round(m.bytes / 1024 / 1024)} MB  peak RSS ${m.maxRssMb} MB\n`,
        );
      }
    }
    const writerMs = median(results.writer.map((m) => m.ms));
    const copyMs = median(results.copy.map((m) => m.ms));
    const rate = (ms: number) => Math.round((ITEMS / ms) * 1000);
    const peakRssMb = Math.max(...results.writer.map((m) => m.maxRssMb));
    const copyPeakRssMb = Math.max(...results.copy.map((m) => m.maxRssMb));
    console.log(
      `${ITEMS.toLocaleString("en")} items, SFT JSONL ${Math.round(results.writer[0]!.bytes / 1024 / 1024)} MB; COPY text ${Math.round(results.copy[0]!.bytes / 1024 / 1024)} MB`,
    );
    console.log(
      `COPY … TO STDOUT → file : ${(copyMs / 1000).toFixed(2)} s, ${rate(copyMs).toLocaleString("en")} rows/s, peak RSS ${copyPeakRssMb} MB (median of ${ROUNDS})`,
    );
    console.log(
      `rosetta export → file   : ${(writerMs / 1000).toFixed(2)} s, ${rate(writerMs).toLocaleString("en")} rows/s, peak RSS ${peakRssMb} MB (median of ${ROUNDS})`,
    );
    console.log(
      JSON.stringify({
        bench: "export",
        items: ITEMS,
        rounds: ROUNDS,
        copyMs: Math.round(copyMs),
        exportMs: Math.round(writerMs),
        copyRowsPerSecond: rate(copyMs),
        exportRowsPerSecond: rate(writerMs),
        peakRssMb,
        copyPeakRssMb,
        ratio: Number((writerMs / copyMs).toFixed(2)),
      }),
    );
  } finally {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
