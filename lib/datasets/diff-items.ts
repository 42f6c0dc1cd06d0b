import "server-only";
import type { Db } from "@/lib/db/client";
import { DIFF_FIELDS, type DiffItem, type VersionDiff } from "@/lib/datasets/version-types";

/**
 * The items that differ between two versions, a page at a time, in item-key order (keyset on the
 * key, which is unique per version): added, removed, and changed with the fields that changed.
 * Items are matched by key, so a seed pair is the same item in versions cut before and after seed
 * pairs were reviewed (`seed:<seed id>` in both).
 */
export async function diffDatasetItems({
  db,
  fromVersionId,
  toVersionId,
  kind,
  cursor,
  limit,
}: {
  db: Db;
  fromVersionId: string;
  toVersionId: string;
  kind?: DiffItem["kind"];
  cursor?: string;
  limit: number;
}): Promise<Pick<VersionDiff, "items" | "nextCursor">> {
  const rows = await db.$queryRaw<(Omit<DiffItem, "changes"> & { changed: Record<(typeof DIFF_FIELDS)[number], boolean> })[]>`
    with a as (select item_key, language, source, instruction, solution, tests, score, verified, content_hash from dataset_items where version_id = ${fromVersionId}::uuid),
         b as (select item_key, language, source, instruction, solution, tests, score, verified, content_hash from dataset_items where version_id = ${toVersionId}::uuid),
         d as (
           select case when a.item_key is null then 'added' when b.item_key is null then 'removed' else 'changed' end as kind,
                  coalesce(b.item_key, a.item_key) as item_key, coalesce(b.language, a.language) as language,
                  coalesce(b.source, a.source)::text as source, left(split_part(coalesce(b.instruction, a.instruction), E'\n', 1), 200) as title,
                  -- For a changed item (in both versions), which fields differ.
                  case when a.item_key is not null and b.item_key is not null then jsonb_build_object(
                    'instruction', a.instruction <> b.instruction, 'solution', a.solution <> b.solution,
                    'tests', a.tests is distinct from b.tests, 'score', a.score is distinct from b.score,
                    'source', a.source <> b.source, 'verified', a.verified <> b.verified) else '{}'::jsonb end as changed
             from a full join b on a.item_key = b.item_key
            where a.item_key is null or b.item_key is null or a.content_hash <> b.content_hash
         )
    select kind, item_key as "itemKey", language, source, title, changed
      from d
     where (${kind ?? null}::text is null or kind = ${kind ?? null}::text)
       and (${cursor ?? null}::text is null or item_key collate "C" > ${cursor ?? null}::text collate "C")
     order by item_key collate "C"
     limit ${limit + 1}`;
  const page = rows
    .slice(0, limit)
    .map(({ changed, ...row }): DiffItem => ({ ...row, changes: DIFF_FIELDS.filter((field) => changed[field] === true) }));
  return { items: page, nextCursor: rows.length > limit ? page.at(-1)!.itemKey : null };
}
