import "server-only";
import type pg from "pg";
import { copyRows } from "@/lib/datasets/export/copy-reader";
import type { ItemRow, PairRow } from "@/lib/datasets/export/formats";

/** Rows handed to the encoders at a time: enough to amortise the per-page work, small enough to stay flat in memory. */
export const PAGE_ROWS = 500;

/**
 * How the text fields arrive: as strings (`text`, for Parquet), or as their UTF-8 bytes (`bytes`, for
 * JSONL, which escapes them for JSON byte by byte instead of decoding and re-encoding every value).
 */
export type TextAs = "text" | "bytes";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** COPY takes no bind parameters: the version id goes into the statement, so it must be exactly a UUID. */
function versionLiteral(versionId: string): string {
  if (!UUID.test(versionId)) throw new Error(`not a version id: ${versionId}`);
  return `'${versionId}'::uuid`;
}

/**
 * A version's items in position order, streamed by one `COPY (SELECT …) TO STDOUT (FORMAT binary)`
 * over the (version_id, position) unique index: one statement, so one snapshot (a READY version never
 * changes anyway), and the server produces rows while this process encodes the previous ones.
 * (With `textAs: "bytes"` the text fields are Uint8Arrays, whatever ItemRow says.)
 */
export function readItems({ pool, versionId, textAs = "text", signal, pageRows = PAGE_ROWS }: { pool: pg.Pool; versionId: string; textAs?: TextAs; signal?: AbortSignal; pageRows?: number }): AsyncGenerator<ItemRow[]> {
  return copyRows<ItemRow>({
    pool,
    sql: `select position, item_key, instruction, solution from dataset_items where version_id = ${versionLiteral(versionId)} order by position`,
    types: ["int4", "text", textAs, textAs],
    build: (v) => ({ position: v[0] as number, key: v[1] as string, instruction: v[2] as string, solution: v[3] as string }),
    pageRows,
    signal,
  });
}

/** A version's frozen DPO pairs in position order, the same way. (With `textAs: "bytes"` the text fields are Uint8Arrays.) */
export function readPairs({ pool, versionId, textAs = "text", signal, pageRows = PAGE_ROWS }: { pool: pg.Pool; versionId: string; textAs?: TextAs; signal?: AbortSignal; pageRows?: number }): AsyncGenerator<PairRow[]> {
  return copyRows<PairRow>({
    pool,
    sql: `select position, pair_key, prompt, chosen, rejected from dataset_pairs where version_id = ${versionLiteral(versionId)} order by position`,
    types: ["int4", "text", textAs, textAs, textAs],
    build: (v) => ({ position: v[0] as number, key: v[1] as string, prompt: v[2] as string, chosen: v[3] as string, rejected: v[4] as string }),
    pageRows,
    signal,
  });
}
