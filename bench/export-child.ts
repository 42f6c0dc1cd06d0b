/**
 * One measured export for `npm run bench:export`, in its own process so that its peak RSS is its
 * own: `writer` runs Rosetta's export (`exportToDirectory`, as `rosetta export` does) and `copy` the
 * COPY baseline into a file. Each imports only what it needs, about what the CLI command loads.
 * Prints `{ ms, bytes, maxRssMb, startRssMb }`, timed from the first statement of the export; startRssMb
 * is the process's RSS then (tsx's loader, the modules, the connections: the CLI's too).
 */
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const [kind, url, versionId, dir] = process.argv.slice(2) as ["writer" | "copy", string, string, string];
let bytes = 0;
let started = 0;
let startRssMb = 0;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
if (kind === "writer") {
  const { createDb } = await import("@/lib/db/client");
  const { exportToDirectory } = await import("@/lib/datasets/export/file-export");
  const { closeExportPools, exportPool } = await import("@/lib/datasets/export/pool");
  const { findExportableVersion } = await import("@/lib/datasets/export/version");
  const db = createDb(url, { applicationName: "bench-export", max: 2 });
  const pool = exportPool(url);
  // Connections open before the clock starts, as the baseline's is.
  const { projectId, tag } = await db.datasetVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { projectId: true, tag: true },
  });
  await pool.query("select 1");
  startRssMb = rssMb();
  started = performance.now();
  const version = await findExportableVersion({ db, projectId, tag, format: "sft" });
  bytes = (await exportToDirectory({ db, pool, version, format: "sft", fileType: "jsonl", dir })).sizeBytes;
  await Promise.all([db.$disconnect(), closeExportPools()]);
} else {
  const { default: pg } = await import("pg");
  const { to: copyTo } = await import("pg-copy-streams");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  startRssMb = rssMb();
  started = performance.now();
  const file = path.join(dir, "copy.tsv");
  await pipeline(
    client.query(
      copyTo(
        `COPY (SELECT position, item_key, instruction, solution FROM dataset_items WHERE version_id = '${versionId}' ORDER BY position) TO STDOUT`,
      ),
    ),
    createWriteStream(file),
  );
  bytes = (await stat(file)).size;
  await client.end();
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, bytes, maxRssMb: rssMb(), startRssMb }));
process.exit(0);
