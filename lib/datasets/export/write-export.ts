import "server-only";
import type pg from "pg";
import { createEncoder, type Encoder } from "@/lib/datasets/export/encoder";
import { FORMATS, type FileTypeName, type FormatName } from "@/lib/datasets/export/formats";
import { FIELD, readRows } from "@/lib/datasets/export/read";
import { splitOf, type Split } from "@/lib/datasets/export/split";

/** Where one side's bytes go, in order; awaiting it is the backpressure (a file's drain, a slow download). */
export type Sink = (chunk: Uint8Array) => Promise<void> | void;

export interface ExportProgress {
  rows: number;
  train: number;
  test: number;
}

/**
 * Streams a version's items (or, for DPO, its frozen pairs) in position order through the format's
 * records into one encoder per side of the split, page by page: memory holds a page of rows and, for
 * Parquet, one row group, whatever the size of the version. A side without a sink is read past and
 * not encoded (a download of the test side only). Resolves to the rows each side received.
 */
export async function writeExport({
  pool,
  versionId,
  format,
  fileType,
  testFraction,
  sinks,
  signal,
  onProgress,
  metadata = false,
}: {
  /** Rows are read through it (see pool.ts). */
  pool: pg.Pool;
  versionId: string;
  format: FormatName;
  fileType: FileTypeName;
  testFraction?: number | null;
  sinks: Partial<Record<Split, Sink>>;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** Per-record metadata (items only: metadata.ts). */
  metadata?: boolean;
}): Promise<ExportProgress> {
  const spec = FORMATS[format];
  const sides = (Object.keys(sinks) as Split[]).filter((side) => sinks[side]);
  const encoders = Object.fromEntries(sides.map((side) => [side, createEncoder(spec, fileType, { metadata })])) as Partial<
    Record<Split, Encoder>
  >;
  const progress: ExportProgress = { rows: 0, train: 0, test: 0 };
  const emit = async (side: Split, chunks: Uint8Array[]) => {
    for (const chunk of chunks) await sinks[side]!(chunk);
  };
  const train = encoders.train;
  const test = encoders.test;
  const visit = (buffer: Buffer, starts: Int32Array, ends: Int32Array) => {
    // Without a split every row is on the train side; with one, each goes where its key's hash says.
    const side = testFraction ? splitOf(buffer.toString("utf8", starts[FIELD.key], ends[FIELD.key]), testFraction) : "train";
    progress[side] += 1;
    (side === "train" ? train : test)?.row(buffer, starts, ends);
  };
  for await (const rows of readRows({ pool, kind: spec.reads, versionId, visit, signal, metadata })) {
    progress.rows += rows;
    for (const side of sides) await emit(side, encoders[side]!.take());
    onProgress?.({ ...progress });
  }
  for (const side of sides) await emit(side, encoders[side]!.end());
  return progress;
}
