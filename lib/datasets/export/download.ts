import "server-only";
import { createHash } from "node:crypto";
import type pg from "pg";
import type { FileTypeName, FormatName } from "@/lib/datasets/export/formats";
import { recordExportEnd, recordExportStart } from "@/lib/datasets/export/record";
import type { Split } from "@/lib/datasets/export/split";
import type { ExportableVersion } from "@/lib/datasets/export/version";
import { writeExport } from "@/lib/datasets/export/write-export";

const CONTENT_TYPES: Record<FileTypeName, string> = {
  jsonl: "application/jsonl; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
};

/** `<project>-<tag>-<format>[-<split>].<ext>`, with anything unsafe in a file name replaced. */
export function downloadFileName({
  project,
  tag,
  format,
  split,
  fileType,
}: {
  project: string;
  tag: string;
  format: FormatName;
  split?: Split;
  fileType: FileTypeName;
}): string {
  const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${safe(project)}-${safe(tag)}-${format}${split ? `-${split}` : ""}.${fileType}`;
}

/**
 * One side of a version's export as a streamed HTTP body: rows are read from the database only as
 * fast as the client takes the bytes (the stream's backpressure), nothing is written on the server,
 * and a download the client abandons (`signal`, or the body cancelled) stops the reading at the next
 * page. The `exports` row records it: SUCCEEDED with the SHA-256 and size of what was sent, or FAILED
 * with why.
 */
export async function exportDownload({
  pool,
  version,
  format,
  fileType,
  testFraction,
  split,
  fileName,
  createdById,
  signal,
  metadata,
}: {
  /** The export's `pg` pool (pool.ts): every statement of the export goes through it. */
  pool: pg.Pool;
  version: ExportableVersion;
  format: FormatName;
  fileType: FileTypeName;
  testFraction?: number | null;
  split: Split;
  fileName: string;
  createdById?: string | null;
  signal?: AbortSignal;
  /** Per-record metadata (metadata.ts). */
  metadata?: boolean;
}): Promise<Response> {
  const row = await recordExportStart(pool, { versionId: version.id, format, fileType, testFraction, createdById });
  const stop = new AbortController();
  const hash = createHash("sha256");
  let size = 0;
  let clientGone = false;
  // A small high-water mark: the producer waits for the client rather than buffering the dataset.
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, { highWaterMark: 4 }, { highWaterMark: 4 });
  const writer = writable.getWriter();
  // The request aborted: stop reading the database, and release a write waiting on a client that is gone.
  const onAbort = () => {
    stop.abort(signal?.reason);
    void writer.abort(signal?.reason).catch(() => {});
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const send = async (chunk: Uint8Array) => {
    hash.update(chunk);
    size += chunk.byteLength;
    try {
      await writer.ready;
      await writer.write(chunk);
    } catch (error) {
      // The body was cancelled: the client went away.
      clientGone = true;
      throw error;
    }
  };
  void (async () => {
    let failure: string | undefined;
    try {
      await writeExport({
        pool,
        versionId: version.id,
        format,
        fileType,
        testFraction,
        signal: stop.signal,
        sinks: { [split]: send },
        metadata,
      });
      await writer.close();
    } catch (error) {
      stop.abort(error);
      await writer.abort(error).catch(() => {});
      if (clientGone || signal?.aborted) failure = "download aborted by the client";
      else {
        console.error(error);
        failure = error instanceof Error ? error.message : String(error);
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    await recordExportEnd(pool, row.id, failure ? { error: failure } : { sha256: hash.digest("hex"), sizeBytes: size }).catch(
      (error: unknown) => console.error(error),
    );
  })();
  return new Response(readable, {
    headers: {
      "content-type": CONTENT_TYPES[fileType],
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
