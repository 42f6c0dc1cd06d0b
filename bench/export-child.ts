/**
 * One measured export for `npm run bench:export`, in its own process so that its peak RSS is its
 * own: `writer` runs Rosetta's export (`exportToDirectory`, as `rosetta export` does) and `copy` the
 * COPY baseline into a file. Each imports only what it needs: the writer the export's modules and
 * `pg`, never Prisma (`rosetta export` also holds a Prisma client, for the project lookup, the dataset
 * card and the audit row, which the export itself does not use). Prints `{ ms, bytes, maxRssMb,
 * startRssMb }`, timed from the first statement of the export; startRssMb is the process's RSS then
 * (tsx's loader, the modules, the connection).
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
  // Only pg: an export never loads Prisma's client (lib/datasets/export/record.ts says why).
  const { exportToDirectory } = await import("@/lib/datasets/export/file-export");
  const { closeExportPools, exportPool } = await import("@/lib/datasets/export/pool");
  const { findExportableVersion } = await import("@/lib/datasets/export/version");
  const pool = exportPool(url);
  // The connection opens before the clock starts, as the baseline's does.
  const { projectId, tag } = (
    await pool.query<{ projectId: string; tag: string }>(
      `select project_id::text as "projectId", tag from dataset_versions where id = $1::uuid`,
      [versionId],
    )
  ).rows[0]!;
  startRssMb = rssMb();
  started = performance.now();
  const version = await findExportableVersion({ pool, projectId, tag, format: "sft" });
  bytes = (await exportToDirectory({ pool, version, format: "sft", fileType: "jsonl", dir })).sizeBytes;
  await closeExportPools();
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
