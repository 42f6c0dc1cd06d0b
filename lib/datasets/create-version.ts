import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { annotationJoins, collectAnnotationProvenance, readReviewSettings } from "@/lib/datasets/annotation";
import { collectProvenance } from "@/lib/datasets/provenance";
import { cutQualityGate, prepareQualityGate, removalStats, type GateRow } from "@/lib/datasets/quality-gate";
import {
  ITEM_SOURCES,
  TAG_PATTERN,
  describeAgreementRemoved,
  describeRemoved,
  type AnnotationProvenance,
  type ItemSource,
  type QualityProvenance,
  type VersionFilters,
} from "@/lib/datasets/version-types";

/**
 * Cuts a dataset version: freezes the project's accepted items (and, when asked, the unreviewed
 * ones; never a rejected one) with the DPO pairs behind them into rows that never change again. The
 * version row is committed as CUTTING first, so others see the cut in progress (and an export of it
 * is refused); the items and pairs then go in with set-based SQL (INSERT … SELECT: a 100k-item cut
 * never passes through Node), and one transaction turns it READY with its hashes and provenance. A
 * failure marks it FAILED.
 */

export interface NormalizedFilters {
  languages: string[] | null;
  minScore: number | null;
  verifiedOnly: boolean;
  sources: ItemSource[];
  includeUnreviewed: boolean;
  /** Take items that leak a benchmark problem (left out by default). */
  includeContaminated: boolean;
  /** Take every member of a near-duplicate cluster (by default one per language: the kept one, else the best-scored). */
  keepDuplicates: boolean;
  /** Only items with at least this many standing ACCEPT decisions (stored only when asked: older versions' filters read the same). */
  minAgreeingDecisions?: number;
}

/** Filters in one canonical shape (sorted, deduplicated, defaults filled), as they are stored on the version. */
export function normalizeFilters(filters: VersionFilters = {}): NormalizedFilters {
  const languages = filters.languages?.length ? [...new Set(filters.languages.map((l) => l.trim().toLowerCase()))].sort() : null;
  const sources = filters.sources?.length ? ITEM_SOURCES.filter((s) => filters.sources!.includes(s)) : [...ITEM_SOURCES];
  return {
    languages,
    minScore: filters.minScore ?? null,
    verifiedOnly: filters.verifiedOnly ?? false,
    sources,
    includeUnreviewed: filters.includeUnreviewed ?? false,
    includeContaminated: filters.includeContaminated ?? false,
    keepDuplicates: filters.keepDuplicates ?? false,
    ...(filters.minAgreeingDecisions ? { minAgreeingDecisions: filters.minAgreeingDecisions } : {}),
  };
}

function describeFilters(f: NormalizedFilters): string {
  const parts = [`sources ${f.sources.join(", ")}`];
  if (f.languages) parts.push(`languages ${f.languages.join(", ")}`);
  if (f.minScore !== null) parts.push(`score ≥ ${f.minScore}`);
  if (f.verifiedOnly) parts.push("verified only");
  parts.push(f.includeUnreviewed ? "accepted and unreviewed items" : "accepted items only");
  if (f.includeContaminated) parts.push("contaminated items included");
  if (f.keepDuplicates) parts.push("near-duplicates kept");
  if (f.minAgreeingDecisions) parts.push(`at least ${f.minAgreeingDecisions} agreeing decisions`);
  return parts.join("; ");
}

type ReviewSettings = Awaited<ReturnType<typeof readReviewSettings>>;

// A version-7 UUID made in SQL (PostgreSQL ≥ 15 has no uuidv7()): gen_random_uuid()'s random bits
// with the first 48 replaced by Unix milliseconds and the version nibble turned from 4 into 7.
const UUID_V7 = Prisma.sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

/**
 * The quality facts frozen with an item (dataset_items.quality), only those the gate produced: its
 * contamination (only an included contaminated item has one), its cluster and how many of the
 * cluster are in other languages (cross-lingual siblings, kept), the independent check's verdict on
 * the kept solution (PASS when a sampled answer was kept), the agent's own tests' verdict, the solve
 * rate; the evolution operation its discussion asked for; and its annotation (lib/datasets/annotation.ts,
 * only when someone decided it). Null when there is none of them, so a version without quality data
 * hashes as before.
 */
const qualityJson = Prisma.sql`nullif(jsonb_strip_nulls(jsonb_build_object(
      'contamination', case when c.contaminated then c.contamination end,
      'clusterId', c.cluster_id::text,
      'crossLingualSiblings', case when c.cluster_id is not null then
        (select count(*) from candidates o where o.cluster_id = c.cluster_id and o.language <> c.language)::int end,
      'independentTests', case when sc.kept_trial_index is not null then 'PASS' else sc.own_solution_status::text end,
      'ownTests', sc.own_tests_status::text,
      'samples', sc.samples, 'passed', sc.passed,
      'solveRate', c.solve_rate,
      'evolutionOperation', c.evolution_operation,
      'annotation', an.annotation)), '{}'::jsonb) as quality`;

/**
 * The rows a cut takes, as one query: accepted items at their current revision (unreviewed ones too
 * when asked), the agents' candidates and the seed items alike. A seed item keeps the key and shape
 * it had when versions took kept seed pairs directly (`seed:<seed id>`, no tests), so an unedited
 * one hashes the same and versions cut before seeds were reviewed still diff item by item.
 */
function selectedItems(projectId: string, f: NormalizedFilters, review: ReviewSettings): Prisma.Sql {
  const languages = f.languages ?? [];
  const anyLanguage = f.languages === null;
  return Prisma.sql`
    select (case when c.seed_sample_id is null then 'candidate:' || c.id::text else 'seed:' || c.seed_sample_id::text end) as item_key,
           r.id as revision_id, x.source, c.language, r.instruction, r.solution,
           (case when c.source = 'DS3' then r.tests else nullif(r.tests, '') end) as tests,
           c.total_score as score, c.verification_status = 'PASS' as verified, c.review_status::text as review_status,
           c.id as candidate_id, c.contaminated, c.contamination, c.cluster_id, c.duplicate_of_id,
           c.difficulty, c.solve_rate, c.coverage, coalesce(ad.accepts, 0) as accepts, ${qualityJson}
      from candidates c join revisions r on r.id = c.current_revision_id
      cross join lateral (select case when r.author_kind = 'HUMAN' then 'HUMAN_EDIT' else c.source::text end as source) x
      left join lateral (select sc.kept_trial_index, sc.own_solution_status, sc.own_tests_status, sc.samples, sc.passed
                           from solve_checks sc where sc.candidate_id = c.id order by sc.created_at desc, sc.id desc limit 1) sc on true
      ${annotationJoins(review)}
     where c.project_id = ${projectId}::uuid
       and (c.review_status = 'ACCEPTED' or (${f.includeUnreviewed}::boolean and c.review_status = 'PENDING'))
       and (${anyLanguage}::boolean or c.language = any(${languages}::text[]))
       and (${f.minScore}::float8 is null or c.total_score >= ${f.minScore}::float8)
       and (not ${f.verifiedOnly}::boolean or c.verification_status = 'PASS')
       and x.source = any(${f.sources}::text[])`;
}

// Advisory-lock namespace of version cuts (the first key of the two-key form).
const CUT_LOCK = 0x5eed_da7a & 0x7fff_ffff;
// A cut takes its lock a moment after its row is committed: younger rows are never judged abandoned.
const GRACE_MS = 60_000;

/** A CUTTING row whose cut no session holds any more (its process died): it can be marked FAILED. */
async function abandonedCut(db: Db, version: { id: string; createdAt: Date }): Promise<boolean> {
  if (Date.now() - version.createdAt.getTime() < GRACE_MS) return false;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { free: boolean }[]
    >`select pg_try_advisory_xact_lock(${CUT_LOCK}::int, hashtext(${version.id})) as free`;
    return row?.free ?? false;
  });
}

export interface CreateVersionInput {
  db: Db;
  projectId: string;
  tag: string;
  notes?: string | null;
  filters?: VersionFilters;
  createdById?: string | null;
  /** Called as the cut moves through its steps (the CLI prints it). */
  onProgress?: (step: string) => void;
}

export interface CutVersion {
  id: string;
  tag: string;
  itemCount: number;
  pairCount: number;
  contentHash: string;
  /** Items taken unreviewed (only with `includeUnreviewed`). */
  unreviewed: number;
  /** What the quality gate removed and let in. */
  quality: QualityProvenance;
  /** The agreeing decisions required, and how many items that left out. */
  agreement: { minAgreeingDecisions: number | null; removed: number };
  /** Overlap and agreement on the items taken (null when none of them was decided and no minimum was asked). */
  annotation: AnnotationProvenance | null;
}

export async function createDatasetVersion({
  db,
  projectId,
  tag,
  notes,
  filters,
  createdById,
  onProgress,
}: CreateVersionInput): Promise<CutVersion> {
  if (!TAG_PATTERN.test(tag)) {
    throw new AppError(
      "BAD_REQUEST",
      `Invalid tag "${tag}": a tag is 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. v1.0).`,
    );
  }
  const f = normalizeFilters(filters);

  const existing = await db.datasetVersion.findUnique({
    where: { projectId_tag: { projectId, tag } },
    select: { id: true, status: true, createdAt: true },
  });
  if (existing?.status === "CUTTING" && (await abandonedCut(db, existing))) {
    await db.datasetVersion.updateMany({
      where: { id: existing.id, status: "CUTTING" },
      data: { status: "FAILED", error: "The process cutting it stopped before it finished." },
    });
    existing.status = "FAILED";
  }
  if (existing?.status === "FAILED") {
    // A failed cut holds nothing (its items were rolled back): it does not keep the tag from a retry.
    await db.datasetVersion.deleteMany({ where: { id: existing.id, status: "FAILED" } });
  } else if (existing) {
    throw new AppError("CONFLICT", `version ${tag} already exists`);
  }

  let versionId: string;
  try {
    const created = await db.datasetVersion.create({
      data: {
        projectId,
        tag,
        notes: notes ?? null,
        status: "CUTTING",
        createdById: createdById ?? null,
        filters: f as unknown as Prisma.InputJsonValue,
        provenance: {},
      },
      select: { id: true },
    });
    versionId = created.id;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("CONFLICT", `version ${tag} already exists`);
    throw error;
  }

  try {
    // Before freezing: the project's clusters recomputed, and every item whose current revision was
    // not checked (or changed since) checked for contamination, so the gate decides on today's texts.
    const gate = await prepareQualityGate({ db, projectId, filters: f, onProgress });
    const rechecked = gate.rechecked;
    const reviewSettings = await readReviewSettings(db, projectId);
    const minAgreeing = f.minAgreeingDecisions ?? null;
    const cut = await db.$transaction(
      async (tx) => {
        // Held until this transaction ends: while it is, the cut is alive (see abandonedCut).
        await tx.$executeRaw`select pg_advisory_xact_lock(${CUT_LOCK}::int, hashtext(${versionId}))`;
        onProgress?.("freezing the items");
        // One statement, so the review counts are those of exactly the rows frozen.
        // One statement, so the review counts and the removals are those of exactly the rows frozen.
        // The item's content hash is over what a trainer reads (unchanged, so diffs compare content);
        // the quality facts enter the version's hash below, when there are any.
        // The agreeing decisions required are checked before the gate, so a near-duplicate cluster
        // keeps its best item among those that meet them.
        const [counted] = await tx.$queryRaw<({ items: number; unreviewed: number; removed_disagreeing: number } & GateRow)[]>`
          with selected as materialized (${selectedItems(projectId, f, reviewSettings)}),
          base as materialized (select * from selected where ${minAgreeing}::int is null or selected.accepts >= ${minAgreeing}::int),
          ${cutQualityGate(gate)},
          frozen as (
            insert into dataset_items (id, version_id, position, item_key, revision_id, source, language, instruction, solution, tests, score, verified,
                                       difficulty, solve_rate, coverage, quality, content_hash)
            select ${UUID_V7}, ${versionId}::uuid,
                   (row_number() over (order by t.language collate "C", t.item_key collate "C") - 1)::int,
                   t.item_key, t.revision_id, t.source::dataset_item_source, t.language, t.instruction, t.solution, t.tests, t.score, t.verified,
                   t.difficulty, t.solve_rate, t.coverage, t.quality,
                   encode(sha256(convert_to(jsonb_build_object('source', t.source, 'language', t.language, 'instruction', t.instruction,
                     'solution', t.solution, 'tests', t.tests, 'score', t.score, 'verified', t.verified)::text, 'UTF8')), 'hex')
              from t
            returning 1
          )
          select (select count(*) from frozen)::int as items, (select count(*) from t where t.review_status = 'PENDING')::int as unreviewed,
                 ((select count(*) from selected) - (select count(*) from base))::int as removed_disagreeing,
                 ${removalStats}`;
        const items = counted?.items ?? 0;
        const review = { accepted: items - (counted?.unreviewed ?? 0), unreviewed: counted?.unreviewed ?? 0 };
        const quality: QualityProvenance = {
          decontaminated: gate.decontaminate,
          includeContaminated: f.includeContaminated,
          keepDuplicates: f.keepDuplicates,
          rechecked,
          removed: {
            contaminated: { count: counted?.removed_contaminated ?? 0, tasks: counted?.removed_tasks ?? [] },
            duplicates: { count: counted?.removed_duplicates ?? 0, clusters: counted?.removed_clusters ?? 0 },
          },
          included: { contaminated: counted?.included_contaminated ?? 0, clustered: counted?.included_clustered ?? 0 },
        };
        const agreement = { minAgreeingDecisions: minAgreeing, removed: counted?.removed_disagreeing ?? 0 };
        // One pass over the selection: an empty one is refused here, and the catch below removes the row.
        if (items === 0) {
          const removed = [describeAgreementRemoved(agreement), describeRemoved(quality)].filter(Boolean).join("; ");
          throw new AppError(
            "BAD_REQUEST",
            removed
              ? `No item is left (${describeFilters(f)}): ${removed}. ${
                  agreement.removed
                    ? "Lower the agreeing decisions required, or have more annotators decide these items."
                    : 'Tick "include contaminated items" or "keep near-duplicates" to take them.'
                } Nothing was cut.`
              : `No item matches (${describeFilters(f)}): accept some items in review first, or loosen the filters. Nothing was cut.`,
          );
        }

        onProgress?.("freezing DPO pairs");
        // The verifier's pairs of the items taken, and for each item whose current revision is a
        // person's: the accepted edit (chosen) against the agent's last answer (rejected).
        const pairs = await tx.$executeRaw`
          insert into dataset_pairs (id, version_id, position, language, source, prompt, chosen, rejected, rule, pair_key)
          select ${UUID_V7}, ${versionId}::uuid,
                 (row_number() over (order by p.language collate "C", p.pair_key collate "C") - 1)::int,
                 p.language, p.source::dpo_pair_source, p.prompt, p.chosen, p.rejected, p.rule, p.pair_key
            from (
              select 'dpo:' || d.id::text as pair_key, d.language, 'VERIFIER' as source, d.prompt, d.chosen, d.rejected, d.rule
                from dpo_pairs d join dataset_items i on i.version_id = ${versionId}::uuid and i.item_key = 'candidate:' || d.candidate_id::text
               where d.project_id = ${projectId}::uuid and d.source = 'VERIFIER'
              union all
              select 'edit:' || h.candidate_id::text, i.language, 'HUMAN_EDIT', h.instruction, h.solution, a.solution,
                     'accepted human edit vs the agent''s answer'
                from dataset_items i join revisions h on h.id = i.revision_id
                join lateral (select r.solution from revisions r where r.candidate_id = h.candidate_id and r.author_kind = 'AGENT'
                               order by r.number desc limit 1) a on true
               where i.version_id = ${versionId}::uuid and i.source = 'HUMAN_EDIT' and a.solution <> h.solution
            ) as p`;

        onProgress?.("hashing");
        // One hash over every item's hash, then every pair's, in position order.
        const [{ hash }] = (await tx.$queryRaw<{ hash: string }[]>`
          select encode(sha256(convert_to(
            coalesce((select string_agg(content_hash, E'\n' order by position) from dataset_items where version_id = ${versionId}::uuid), '')
            || E'\n--pairs--\n' ||
            coalesce((select string_agg(encode(sha256(convert_to(jsonb_build_object('source', source, 'language', language, 'prompt', prompt,
                        'chosen', chosen, 'rejected', rejected, 'rule', rule)::text, 'UTF8')), 'hex'), E'\n' order by position)
                        from dataset_pairs where version_id = ${versionId}::uuid), '')
            -- The frozen quality facts (exported as metadata on request), only when an item has any:
            -- a version without them hashes exactly as versions cut before they existed.
            || coalesce(E'\n--quality--\n' || (select string_agg(position::text || ' ' || encode(sha256(convert_to(jsonb_build_object(
                        'difficulty', difficulty, 'solve_rate', solve_rate, 'coverage', coverage, 'quality', quality)::text, 'UTF8')), 'hex'),
                        E'\n' order by position)
                        from dataset_items where version_id = ${versionId}::uuid
                         and (difficulty is not null or solve_rate is not null or coverage is not null or quality is not null)), ''),
            'UTF8')), 'hex') as hash`) as [{ hash: string }];

        const annotation = await collectAnnotationProvenance({ db: tx, versionId, review: reviewSettings, ...agreement });
        const provenance = await collectProvenance({ db: tx, projectId, versionId, review, quality, annotation });
        await tx.datasetVersion.update({
          where: { id: versionId },
          data: {
            status: "READY",
            itemCount: items,
            pairCount: pairs,
            contentHash: hash,
            provenance: provenance as unknown as Prisma.InputJsonValue,
            cutAt: new Date(),
          },
        });
        return {
          id: versionId,
          tag,
          itemCount: items,
          pairCount: pairs,
          contentHash: hash,
          unreviewed: review.unreviewed,
          quality,
          agreement,
          annotation: annotation ?? null,
        };
      },
      { timeout: 30 * 60_000, maxWait: 30_000 },
    );
    return cut;
  } catch (error) {
    if (error instanceof AppError && error.code === "BAD_REQUEST") {
      await db.datasetVersion.deleteMany({ where: { id: versionId, status: "CUTTING" } }); // an empty cut leaves nothing behind
    } else {
      const message = error instanceof Error ? error.message : String(error);
      await db.datasetVersion.updateMany({
        where: { id: versionId, status: "CUTTING" },
        data: { status: "FAILED", error: message.slice(0, 2000) },
      });
    }
    throw error;
  }
}
