import "server-only";
import type { Db } from "@/lib/db/client";
import { readProvenance } from "@/lib/datasets/provenance";
import { cachedVersionLengths, TOKENIZER } from "@/lib/datasets/token-lengths";
import { ITEM_SOURCES, type BySource, type LanguageStatistics, type VersionStatistics } from "@/lib/datasets/version-types";

/**
 * The figures of a version: counts by language and source, verification (verified items among those
 * that carry tests: seed pairs have none), mean score, frozen pairs, and token-length histograms of
 * problems and solutions. Counts come from one GROUP BY; only the token lengths stream the items.
 */

const noSources = (): BySource => ({ DS1: 0, DS2: 0, DS3: 0, HUMAN_EDIT: 0, IMPORTED: 0 });
const rate = (part: number, whole: number) => (whole ? part / whole : null);

export async function versionStatistics({ db, versionId }: { db: Db; versionId: string }): Promise<VersionStatistics> {
  const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { pairCount: true, provenance: true } });
  const groups = await db.$queryRaw<
    { language: string; source: string; total: bigint; tested: bigint; verified: bigint; scored: bigint; score_sum: number | null }[]
  >`
    select language, source::text as source, count(*) as total, count(*) filter (where tests is not null) as tested,
           count(*) filter (where verified) as verified, count(score) as scored, sum(score::numeric)::float8 as score_sum
      from dataset_items where version_id = ${versionId}::uuid
     group by language, source order by language collate "C", source`;
  const lengths = await cachedVersionLengths({ db, versionId });

  type Acc = { total: number; tested: number; verified: number; scored: number; scoreSum: number; bySource: BySource };
  const empty = (): Acc => ({ total: 0, tested: 0, verified: 0, scored: 0, scoreSum: 0, bySource: noSources() });
  const overall = empty();
  const byLanguage = new Map<string, Acc>();
  for (const row of groups) {
    const language = byLanguage.get(row.language) ?? empty();
    byLanguage.set(row.language, language);
    for (const acc of [overall, language]) {
      acc.total += Number(row.total);
      acc.tested += Number(row.tested);
      acc.verified += Number(row.verified);
      acc.scored += Number(row.scored);
      acc.scoreSum += Number(row.score_sum ?? 0);
      if ((ITEM_SOURCES as readonly string[]).includes(row.source)) acc.bySource[row.source as keyof BySource] += Number(row.total);
    }
  }

  const languages: LanguageStatistics[] = [...byLanguage].map(([language, acc]) => ({
    language,
    total: acc.total,
    bySource: acc.bySource,
    verified: acc.verified,
    passRate: rate(acc.verified, acc.tested),
    meanScore: rate(acc.scoreSum, acc.scored),
    medianProblemTokens: lengths.medians.get(language)?.problem ?? null,
    medianSolutionTokens: lengths.medians.get(language)?.solution ?? null,
  }));

  return {
    total: overall.total,
    pairs: version.pairCount,
    verified: overall.verified,
    passRate: rate(overall.verified, overall.tested),
    meanScore: rate(overall.scoreSum, overall.scored),
    bySource: overall.bySource,
    languages,
    lengths: { problem: lengths.problem, solution: lengths.solution },
    tokenizer: TOKENIZER,
    provenance: readProvenance(version.provenance),
  };
}
