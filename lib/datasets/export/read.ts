import "server-only";
import type pg from "pg";
import { copyRows, type RowVisitor } from "@/lib/datasets/export/copy-reader";
import { TEXT_COLUMNS, type RowKind } from "@/lib/datasets/export/formats";
import { METADATA_COLUMNS } from "@/lib/datasets/export/metadata";

/** Rows between hand-overs to the sinks: enough to amortise the per-page work, small enough to stay flat in memory. */
export const PAGE_ROWS = 1_000;

/** Where a row's fields are in the tuple `visit` gets: position (int4), key, then the kind's TEXT_COLUMNS (then, when asked, METADATA_COLUMNS). */
export const FIELD = { position: 0, key: 1, firstText: 2 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SOURCES: Record<RowKind, { table: string; key: string }> = {
  items: { table: "dataset_items", key: "item_key" },
  pairs: { table: "dataset_pairs", key: "pair_key" },
};

/**
 * A version's items (or frozen DPO pairs) in position order, each row visited as (position, key,
 * its TEXT_COLUMNS), streamed by one `COPY (SELECT …) TO STDOUT (FORMAT binary)` over the
 * (version_id, position) unique index: one statement, so one snapshot (a READY version never
 * changes anyway). Yields the rows visited since the last yield, every `pageRows`.
 */
export function readRows({
  pool,
  kind,
  versionId,
  visit,
  signal,
  pageRows = PAGE_ROWS,
  metadata = false,
}: {
  pool: pg.Pool;
  kind: RowKind;
  versionId: string;
  visit: RowVisitor;
  signal?: AbortSignal;
  pageRows?: number;
  /** Items only: the metadata columns after the text ones. */
  metadata?: boolean;
}): AsyncGenerator<number> {
  // COPY takes no bind parameters: the id goes into the statement, so it must be exactly a UUID.
  if (!UUID.test(versionId)) throw new Error(`not a version id: ${versionId}`);
  const { table, key } = SOURCES[kind];
  const texts: readonly string[] = TEXT_COLUMNS[kind];
  const columns = metadata && kind === "items" ? [...texts, ...METADATA_COLUMNS.map((c) => c.sql)] : texts;
  return copyRows({
    pool,
    sql: `select position, ${key}, ${columns.join(", ")} from ${table} where version_id = '${versionId}'::uuid order by position`,
    fields: 2 + columns.length,
    pageRows,
    signal,
    visit,
  });
}
