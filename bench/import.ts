/**
 * `npm run bench:import`: 100 k generated snippets (JSONL) imported with `importSnippets` (stream,
 * language detection, normalised hash, token count, dedup against the project, provenance) vs. a
 * baseline in the same run: the same file streamed and inserted as-is in batches of 1,000 with one
 * multi-row INSERT each, nothing else. Reports snippets/s and peak RSS; last line JSON with `ratio`
 * (import wall / baseline wall).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { LANGUAGES } from "@/lib/languages";
import { BANK } from "@/model-server/bank";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";

const COUNT = Number(process.env.BENCH_SNIPPETS ?? 100_000);

async function writeSnippets(file: string): Promise<void> {
  const out = createWriteStream(file);
  const entries = LANGUAGES.flatMap((language) => Object.values(BANK[language]).map((entry) => ({ language, code: entry.solution })));
  for (let i = 0; i < COUNT; i++) {
    const { language, code } = entries[i % entries.length]!;
    // A distinct trailing comment per snippet keeps every one unique (no dedup shortcut).
    const comment = language === "python" || language === "bash" ? `# variant ${i}` : `// variant ${i}`;
    const line = JSON.stringify({ code: `${code}\n${comment}\n`, path: `gen/${i}`, repo: "bench/generated", license: "MIT" }) + "\n";
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function baseline(url: string, projectId: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  let batch: { code: string; path: string }[] = [];
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    await client.query(
      `insert into snippets (id, project_id, code, language, content_hash, token_count, source, path, updated_at)
       select gen_random_uuid(), $1, code, 'other', 'b' || ordinality || '-' || $2, 0, 'JSONL', path, now()
         from unnest($3::text[], $4::text[]) with ordinality as t(code, path, ordinality)`,
      [projectId, n, batch.map((row) => row.code), batch.map((row) => row.path)],
    );
    n += 1;
    batch = [];
  };
  for await (const line of readline.createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    const row = JSON.parse(line) as { code: string; path: string };
    batch.push(row);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  const ms = performance.now() - started;
  await client.end();
  return ms;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-import-"));
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: dir });
  try {
    await migrateDatabase(postgres.url);
    const file = path.join(dir, "snippets.jsonl");
    await writeSnippets(file);
    const db = createDb(postgres.url);
    const [a, b] = await Promise.all([
      db.project.create({ data: { slug: "bench-baseline", name: "baseline", languages: [], settings: {} } }),
      db.project.create({ data: { slug: "bench-import", name: "import", languages: [], settings: {} } }),
    ]);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const baselineMs = await baseline(postgres.url, a.id, file);
    const started = performance.now();
    const summary = await importSnippets({
      db,
      projectId: b.id,
      inputs: [file],
      onProgress: ({ seen }) => process.stderr.write(`\rimporting ${seen.toLocaleString("en")} / ${COUNT.toLocaleString("en")}`),
    });
    const importMs = performance.now() - started;
    process.stderr.write("\n");
    clearInterval(sampler);
    await db.$disconnect();
    if (summary.imported !== COUNT) throw new Error(`imported ${summary.imported} of ${COUNT}: ${JSON.stringify(summary.reasons)}`);
    const rate = (ms: number) => Math.round((COUNT / ms) * 1000);
    console.log(`${COUNT.toLocaleString("en")} snippets, ${Object.keys(summary.byLanguage).length} languages`);
    console.log(`baseline (parse + bare insert): ${(baselineMs / 1000).toFixed(1)} s, ${rate(baselineMs).toLocaleString("en")} snippets/s`);
    console.log(`rosetta import                : ${(importMs / 1000).toFixed(1)} s, ${rate(importMs).toLocaleString("en")} snippets/s`);
    console.log(`peak RSS: ${Math.round(peakRss / 1024 / 1024)} MB`);
    console.log(
      JSON.stringify({
        bench: "import",
        snippets: COUNT,
        baselineMs: Math.round(baselineMs),
        importMs: Math.round(importMs),
        snippetsPerSecond: rate(importMs),
        peakRssMb: Math.round(peakRss / 1024 / 1024),
        ratio: Number((importMs / baselineMs).toFixed(2)),
      }),
    );
  } finally {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
