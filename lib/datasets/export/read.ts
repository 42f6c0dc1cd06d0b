import "server-only";
import type { Db } from "@/lib/db/client";
import type { ItemRow, PairRow } from "@/lib/datasets/export/formats";

/** Rows per database page: big enough that round trips do not dominate, small enough to stay flat in memory. */
export const PAGE_ROWS = 2_000;

function aborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new DOMException("The export was aborted.", "AbortError");
}

/**
 * A version's rows in position order, a page at a time, by keyset on (version_id, position) — the
 * unique index — so each page is an index range scan however deep the export is. The next page is
 * already being fetched while the caller works on this one. A READY version never changes, so the
 * pages need no common snapshot. Stops (throwing the abort reason) once `signal` aborts.
 */
async function* pages<Row extends { position: number }>(fetch: (after: number, limit: number) => Promise<Row[]>, signal?: AbortSignal, pageRows = PAGE_ROWS): AsyncGenerator<Row[]> {
  aborted(signal);
  let next = fetch(-1, pageRows);
  for (;;) {
    const page = await next;
    aborted(signal);
    if (page.length < pageRows) {
      if (page.length) yield page;
      return;
    }
    next = fetch(page.at(-1)!.position, pageRows);
    // Keeps an unawaited rejection from surfacing as unhandled when the consumer stops early.
    next.catch(() => {});
    yield page;
  }
}

export function readItems({ db, versionId, signal, pageRows }: { db: Db; versionId: string; signal?: AbortSignal; pageRows?: number }): AsyncGenerator<ItemRow[]> {
  return pages(
    (after, limit) => db.$queryRaw<ItemRow[]>`
      select position, item_key as key, instruction, solution
        from dataset_items
       where version_id = ${versionId}::uuid and position > ${after}
       order by position
       limit ${limit}`,
    signal,
    pageRows,
  );
}

export function readPairs({ db, versionId, signal, pageRows }: { db: Db; versionId: string; signal?: AbortSignal; pageRows?: number }): AsyncGenerator<PairRow[]> {
  return pages(
    (after, limit) => db.$queryRaw<PairRow[]>`
      select position, pair_key as key, prompt, chosen, rejected
        from dataset_pairs
       where version_id = ${versionId}::uuid and position > ${after}
       order by position
       limit ${limit}`,
    signal,
    pageRows,
  );
}
