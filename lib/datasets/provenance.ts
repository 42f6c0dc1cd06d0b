import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { Provenance } from "@/lib/datasets/version-types";
import { describeProtocol } from "@/lib/synthesis/protocol";

/**
 * What produced a version, frozen with it: the models bound to each role and those actually seen in
 * the project's model calls, the protocol settings, and the snippets its items descend from (their
 * sources, repositories and licences). Every list is sorted, so the same data gives the same JSON and
 * the dataset card stays byte-identical.
 */

export { Provenance };

const REPO_LIMIT = 50;

type Tx = Db | Prisma.TransactionClient;

/** The provenance of the items already inserted for `versionId` (call it inside the cut's transaction). */
export async function collectProvenance({
  db,
  projectId,
  versionId,
  review,
  quality,
  annotation,
}: {
  db: Tx;
  projectId: string;
  versionId: string;
  /** How many items were accepted and how many taken unreviewed (the cut counts them as it freezes them). */
  review: NonNullable<Provenance["review"]>;
  /** What the quality gate removed and let in (lib/datasets/quality-gate.ts). */
  quality?: Provenance["quality"];
  /** Overlap and agreement (lib/datasets/annotation.ts); absent when no item was decided. */
  annotation?: Provenance["annotation"];
}): Promise<Provenance> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true, name: true, settings: true } });
  const bindings = await db.projectRoleBinding.findMany({
    where: { projectId },
    select: { role: true, endpointProfile: { select: { name: true, model: true } } },
  });
  const seen = await db.$queryRaw<{ role: string; model: string; calls: bigint }[]>`
    select role::text as role, model, sum(calls) as calls from llm_calls where project_id = ${projectId}::uuid
    group by role, model order by role::text collate "C", model collate "C"`;

  // The seed pairs behind the items: a seed item itself, or the seeds a candidate came from.
  const lineage = await db.$queryRaw<{ kind: string; name: string | null; count: bigint }[]>`
    with item_seeds as (
      select substr(i.item_key, 6)::uuid as seed_id from dataset_items i where i.version_id = ${versionId}::uuid and i.item_key like 'seed:%'
      union
      select cs.seed_sample_id from dataset_items i join candidate_seeds cs on cs.candidate_id = substr(i.item_key, 11)::uuid
       where i.version_id = ${versionId}::uuid and i.item_key like 'candidate:%'
    ),
    snips as (
      select distinct sn.id, sn.source::text as source, sn.repo, sn.license, sn.language
        from item_seeds s join seed_samples ss on ss.id = s.seed_id join snippets sn on sn.id = ss.snippet_id
    )
    select 'seedPairs' as kind, null as name, count(*) as count from item_seeds
    union all select 'snippets', null, count(*) from snips
    union all select 'source', source, count(*) from snips group by source
    union all select 'language', language, count(*) from snips group by language
    union all select 'repo', repo, count(*) from snips where repo is not null group by repo
    union all select 'license', coalesce(license, 'unknown'), count(*) from snips group by coalesce(license, 'unknown')`;

  const counts = (kind: string) =>
    lineage
      .filter((row) => row.kind === kind)
      .map((row) => ({ name: row.name ?? "", count: Number(row.count) }))
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const total = (kind: string) => Number(lineage.find((row) => row.kind === kind)?.count ?? 0);
  const repos = counts("repo");

  let protocol: unknown;
  let preset: Provenance["preset"];
  try {
    const view = describeProtocol(project.settings ?? {});
    protocol = view.effective;
    // JSON gives an unset preset value (a budget the preset does not set) as null, read back the same.
    preset = { id: view.preset, label: view.label, overrides: view.overrides.map((o) => ({ ...o, presetValue: o.presetValue ?? null })) };
  } catch {
    protocol = project.settings; // kept as stored: a version records what was there, valid or not
  }

  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    project: { slug: project.slug, name: project.name },
    review,
    ...(quality ? { quality } : {}),
    ...(annotation ? { annotation } : {}),
    models: {
      roles: bindings
        .map((b) => ({ role: b.role, endpoint: b.endpointProfile.name, model: b.endpointProfile.model }))
        .sort((a, b) => byName(a.role, b.role)),
      seen: seen.map((row) => ({ role: row.role, model: row.model, calls: Number(row.calls) })),
    },
    protocol,
    ...(preset ? { preset } : {}),
    seeds: {
      snippets: total("snippets"),
      seedPairs: total("seedPairs"),
      sources: counts("source"),
      languages: counts("language"),
      repos: repos.slice(0, REPO_LIMIT),
      otherRepos: Math.max(0, repos.length - REPO_LIMIT),
      licenses: counts("license"),
    },
  };
}

/** A stored provenance, read back (older or malformed rows give an empty one rather than an error). */
export function readProvenance(raw: unknown): Provenance {
  const parsed = Provenance.safeParse(raw);
  if (parsed.success) return parsed.data;
  return {
    project: { slug: "", name: "" },
    models: { roles: [], seen: [] },
    protocol: null,
    seeds: { snippets: 0, seedPairs: 0, sources: [], languages: [], repos: [], otherRepos: 0, licenses: [] },
  };
}
