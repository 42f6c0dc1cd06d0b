import "server-only";
import type pg from "pg";
import { createEncoder, TEXT_AS, type Encoder } from "@/lib/datasets/export/encoder";
import { FORMATS, type FileTypeName, type FormatName, type ItemRow, type PairRow } from "@/lib/datasets/export/formats";
import { readItems, readPairs } from "@/lib/datasets/export/read";
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
}): Promise<ExportProgress> {
  const spec = FORMATS[format];
  const sides = (Object.keys(sinks) as Split[]).filter((side) => sinks[side]);
  const encoders = Object.fromEntries(sides.map((side) => [side, createEncoder(spec, fileType)])) as Partial<Record<Split, Encoder>>;
  const progress: ExportProgress = { rows: 0, train: 0, test: 0 };
  const rows: AsyncGenerator<(ItemRow | PairRow)[]> = spec.reads === "pairs" ? readPairs({ pool, versionId, textAs: TEXT_AS[fileType], signal }) : readItems({ pool, versionId, textAs: TEXT_AS[fileType], signal });
  const emit = async (side: Split, chunks: Uint8Array[]) => {
    for (const chunk of chunks) await sinks[side]!(chunk);
  };
  for await (const page of rows) {
    const bySide: Record<Split, (ItemRow | PairRow)[]> = testFraction ? { train: [], test: [] } : { train: page, test: [] };
    if (testFraction) for (const row of page) bySide[splitOf(row.key, testFraction)].push(row);
    progress.train += bySide.train.length;
    progress.test += bySide.test.length;
    progress.rows += page.length;
    for (const side of sides) await emit(side, encoders[side]!.push(bySide[side]));
    onProgress?.({ ...progress });
  }
  for (const side of sides) await emit(side, encoders[side]!.end());
  return progress;
}
