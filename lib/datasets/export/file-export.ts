import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, rename, rm, rmdir, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type pg from "pg";
import type { FileTypeName, FormatName } from "@/lib/datasets/export/formats";
import { recordExportEnd, recordExportStart } from "@/lib/datasets/export/record";
import type { Split } from "@/lib/datasets/export/split";
import { TRAINING_DIR, trainingConfigs } from "@/lib/datasets/export/training";
import type { ExportableVersion } from "@/lib/datasets/export/version";
import { writeExport, type ExportProgress } from "@/lib/datasets/export/write-export";

export interface ExportedFile {
  name: string;
  rows: number;
  sizeBytes: number;
  sha256: string;
}

export interface DirectoryExport {
  exportId: string;
  dir: string;
  files: ExportedFile[];
  /** The data file's SHA-256; with a split, that of `sha256sum train.* test.*`'s output. */
  sha256: string;
  sizeBytes: number;
}

/**
 * Chunk writes a file may have in flight at once. The writes go to the page cache; one fsync per
 * file, once all are written and before the rename publishes it, is all durability needs. Flushes
 * every 8 MB while writing (so the final fsync had less to wait for) cost more than they saved: each
 * held a thread-pool slot and stalled the writes to pages under writeback (bench:export).
 */
const WRITES_IN_FLIGHT = 4;

/** A file being written under a temporary name beside its final one, so a rename publishes it whole. */
interface PartialFile {
  name: string;
  temp: string;
  handle: FileHandle;
  hash: ReturnType<typeof createHash>;
  size: number;
  /** Writes in flight. */
  writing: Set<Promise<void>>;
}

/** Keeps `operation` among the file's writes in flight until it settles. */
function track(file: PartialFile, operation: Promise<unknown>): void {
  const tracked: Promise<void> = operation.then(() => void file.writing.delete(tracked));
  tracked.catch(() => {}); // a failure is thrown where the writes are awaited, never as unhandled
  file.writing.add(tracked);
}

/** `name` may sit in a subfolder of `dir` ("training/README.md"); the temporary file goes beside its final place. */
async function openPartial(dir: string, name: string): Promise<PartialFile> {
  const temp = path.join(dir, path.dirname(name), `.${path.basename(name)}.${process.pid}-${randomBytes(4).toString("hex")}.partial`);
  return { name, temp, handle: await open(temp, "wx"), hash: createHash("sha256"), size: 0, writing: new Set() };
}

/**
 * Writes a version to `dir` as `train.<ext>` (and `test.<ext>` with a split) plus `README.md` (the
 * dataset card, when given) and `training/` (trainer configs naming those files: training.ts),
 * recorded as an `exports` row. Every file is written under a temporary
 * name and renamed into place only once all of them are complete, so an export that fails or is
 * interrupted leaves no half-written file (and no final name pointing at one); the row says FAILED
 * with the reason.
 */
export async function exportToDirectory({
  pool,
  version,
  format,
  fileType,
  testFraction,
  dir,
  card,
  createdById,
  signal,
  onProgress,
  metadata,
}: {
  /** The export's `pg` pool (pool.ts): every statement of the export goes through it, none through Prisma. */
  pool: pg.Pool;
  version: ExportableVersion;
  format: FormatName;
  fileType: FileTypeName;
  testFraction?: number | null;
  dir: string;
  /** The dataset card (README.md), rendered once the data is written. */
  card?: () => Promise<string>;
  createdById?: string | null;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Per-record metadata (metadata.ts). */
  metadata?: boolean;
}): Promise<DirectoryExport> {
  const outDir = path.resolve(dir);
  // Recorded once the data streams (its first chunk): the row is needed only at the end (or on
  // failure). Started before the COPY, it took the pool's idle connection and the COPY waited for a new one.
  let recording: Promise<{ id: string }> | undefined;
  const record = () => {
    if (!recording) {
      recording = recordExportStart(pool, { versionId: version.id, format, fileType, testFraction, path: outDir, createdById });
      recording.catch(() => {}); // awaited below; a failure surfaces there
    }
    return recording;
  };
  const partials: PartialFile[] = [];
  let trainingDir: string | undefined;
  try {
    await mkdir(outDir, { recursive: true });
    const sides: Split[] = testFraction ? ["train", "test"] : ["train"];
    const files = {} as Record<Split, PartialFile>;
    for (const side of sides) partials.push((files[side] = await openPartial(outDir, `${side}.${fileType}`)));
    // Write-behind: each chunk's write (in libuv's thread pool, at its own offset, so order holds
    // whatever order they finish in) runs while the next pages are read and encoded; a few may be in
    // flight, since on a busy machine a pool thread can be slow to get a CPU (bench:export).
    const sink = (file: PartialFile) => async (chunk: Uint8Array) => {
      void record();
      file.hash.update(chunk);
      const offset = file.size;
      file.size += chunk.byteLength;
      while (file.writing.size >= WRITES_IN_FLIGHT) await Promise.race(file.writing);
      track(file, file.handle.write(chunk, 0, chunk.byteLength, offset));
    };
    const counts = await writeExport({
      pool,
      versionId: version.id,
      format,
      fileType,
      testFraction,
      sinks: Object.fromEntries(sides.map((side) => [side, sink(files[side])])),
      signal,
      onProgress,
      metadata,
    });
    for (const file of partials) await Promise.all(file.writing);
    const written: ExportedFile[] = sides.map((side) => ({
      name: files[side].name,
      rows: counts[side],
      sizeBytes: files[side].size,
      sha256: files[side].hash.digest("hex"),
    }));
    if (card) {
      const readme = await openPartial(outDir, "README.md");
      partials.push(readme);
      await readme.handle.write(await card());
    }
    const training = trainingConfigs({
      format,
      fileType,
      files: written.map((file, i) => ({ name: file.name, split: sides[i]! })),
      source: `version ${version.tag}`,
    });
    if (training.length) {
      // mkdir says whether it made the folder: an export into a folder that has one already keeps it on failure.
      trainingDir = await mkdir(path.join(outDir, TRAINING_DIR), { recursive: true });
      for (const config of training) {
        const partial = await openPartial(outDir, `${TRAINING_DIR}/${config.name}`);
        partials.push(partial);
        await partial.handle.write(config.content);
      }
    }
    // Every file on disk before any is published; the files side by side (each fsync waits on the disk, not the CPU).
    await Promise.all(partials.map((file) => file.handle.sync()));
    await Promise.all(partials.map((file) => file.handle.close()));
    await Promise.all(partials.map((file) => rename(file.temp, path.join(outDir, file.name))));
    partials.length = 0;
    const sha256 =
      written.length === 1
        ? written[0]!.sha256
        : createHash("sha256")
            .update(written.map((file) => `${file.sha256}  ${file.name}\n`).join(""))
            .digest("hex");
    const sizeBytes = written.reduce((sum, file) => sum + file.sizeBytes, 0);
    const row = await record();
    await recordExportEnd(pool, row.id, { sha256, sizeBytes });
    return { exportId: row.id, dir: outDir, files: written, sha256, sizeBytes };
  } catch (error) {
    for (const file of partials) {
      await Promise.allSettled(file.writing);
      await file.handle.close().catch(() => {});
      await rm(file.temp, { force: true });
    }
    // Only the folder this export made, and only when empty.
    if (trainingDir) await rmdir(trainingDir).catch(() => {});
    const reason = signal?.aborted ? "interrupted" : error instanceof Error ? error.message : String(error);
    const row = await record().catch(() => null);
    if (row) await recordExportEnd(pool, row.id, { error: reason }).catch(() => {});
    throw error;
  }
}
