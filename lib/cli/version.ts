import { z } from "zod";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandProjectId, withCommandDb } from "@/lib/cli/database";
import { progressLine } from "@/lib/cli/progress";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { diffDatasetVersions } from "@/lib/datasets/diff";
import { diffDatasetItems } from "@/lib/datasets/diff-items";
import { ITEM_SOURCES, describeAgreementRemoved, describeRemoved, type ItemSource } from "@/lib/datasets/version-types";
import { listDatasetVersions, readyDatasetVersion } from "@/lib/datasets/versions";

/** `rosetta version create | list | diff`: dataset versions, headless. */

const SOURCE_NAMES: Record<string, ItemSource> = {
  ds1: "DS1",
  ds2: "DS2",
  imported: "IMPORTED",
  ds3: "DS3",
  edits: "HUMAN_EDIT",
  human_edit: "HUMAN_EDIT",
  edit: "HUMAN_EDIT",
};

const list = (value: string) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

const CreateOptions = z.object({
  project: z.string().min(1),
  tag: z.string().min(1),
  notes: z.string().optional(),
  languages: z.string().transform(list).optional(),
  minScore: z.coerce.number({ error: "a number, e.g. 3.5" }).optional(),
  verifiedOnly: z.boolean().optional(),
  includeUnreviewed: z.boolean().optional(),
  includeContaminated: z.boolean().optional(),
  keepDuplicates: z.boolean().optional(),
  minAgreeing: z.coerce
    .number({ error: "a whole number from 1 to 10" })
    .int("a whole number from 1 to 10")
    .min(1, "a whole number from 1 to 10")
    .max(10, "a whole number from 1 to 10")
    .optional(),
  sources: z
    .string()
    .transform((value, ctx) => {
      const names = list(value).map((name) => name.toLowerCase());
      const unknown = names.filter((name) => !SOURCE_NAMES[name]);
      if (unknown.length) ctx.addIssue({ code: "custom", message: `unknown source ${unknown.join(", ")} (sources: ds1, ds2, ds3, edits)` });
      return ITEM_SOURCES.filter((source) => names.some((name) => SOURCE_NAMES[name] === source));
    })
    .optional(),
});

export async function createVersionCommand(raw: Record<string, unknown>): Promise<number> {
  const parsed = CreateOptions.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join("; ")}`,
    );
  const {
    project,
    tag,
    notes,
    languages,
    minScore,
    verifiedOnly,
    sources,
    includeUnreviewed,
    includeContaminated,
    keepDuplicates,
    minAgreeing,
  } = parsed.data;
  const filters = {
    languages,
    minScore,
    verifiedOnly,
    sources,
    includeUnreviewed,
    includeContaminated,
    keepDuplicates,
    minAgreeingDecisions: minAgreeing,
  };
  return withCommandDb("rosetta-version-create", async (db) => {
    const id = await commandProjectId(db, project);
    const progress = progressLine(`version ${tag}`);
    const started = Date.now();
    const cut = await createDatasetVersion({
      db,
      projectId: id,
      tag,
      notes,
      filters,
      onProgress: (step) => progress.update(step),
    });
    progress.done(`cut in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await auditCli(db, {
      action: "dataset.version.create",
      targetType: "dataset_version",
      targetId: cut.id,
      projectId: id,
      after: {
        tag,
        filters,
        itemCount: cut.itemCount,
        pairCount: cut.pairCount,
        contentHash: cut.contentHash,
        removed: cut.quality.removed,
        ...(cut.agreement.minAgreeingDecisions !== null ? { removedForAgreement: cut.agreement.removed } : {}),
      },
    });
    console.log(`Version ${cut.tag}: ${cut.itemCount} items, ${cut.pairCount} DPO pairs`);
    if (includeUnreviewed) console.log(`${cut.unreviewed} of the items were not reviewed (taken with --include-unreviewed)`);
    if (cut.agreement.minAgreeingDecisions !== null)
      console.log(
        `Left out for too few agreeing decisions: ${describeAgreementRemoved(cut.agreement) || `none (every item had at least ${cut.agreement.minAgreeingDecisions})`}`,
      );
    const removed = describeRemoved(cut.quality);
    if (removed) console.log(`Left out by the quality gate: ${removed}`);
    if (cut.quality.included.contaminated)
      console.log(
        `${cut.quality.included.contaminated} of the items leak a benchmark problem (${cut.quality.decontaminated ? "taken with --include-contaminated" : "decontamination is off in the project's settings"})`,
      );
    console.log(`sha256 ${cut.contentHash}`);
    return 0;
  });
}

export async function listVersionsCommand({ project }: { project: string }): Promise<number> {
  return withCommandDb("rosetta-version-list", async (db) => {
    const versions = await listDatasetVersions({ db, projectId: await commandProjectId(db, project) });
    if (!versions.length) {
      console.error(`No versions in ${project} yet: rosetta version create --project ${project} --tag v1`);
      return 0;
    }
    for (const v of versions) {
      const hash = v.contentHash ? v.contentHash.slice(0, 12) : "-".repeat(12);
      console.log(
        `${v.tag.padEnd(16)} ${v.status.padEnd(7)} ${String(v.itemCount).padStart(8)} items ${String(v.pairCount).padStart(7)} pairs  ${hash}  ${v.cutAt ?? v.createdAt}${v.notes ? `  ${v.notes.split("\n")[0]!.slice(0, 60)}` : ""}`,
      );
    }
    return 0;
  });
}

export async function diffVersionsCommand({ project, from, to }: { project: string; from: string; to: string }): Promise<number> {
  return withCommandDb("rosetta-version-diff", async (db) => {
    const id = await commandProjectId(db, project);
    const a = await readyDatasetVersion({ db, projectId: id, tag: from });
    const b = await readyDatasetVersion({ db, projectId: id, tag: to });
    const diff = await diffDatasetVersions({ db, fromVersionId: a.id, toVersionId: b.id });
    console.log(`${from} → ${to}`);
    if (!diff.languages.length) console.log("  no differences");
    for (const l of diff.languages)
      console.log(`  ${l.language.padEnd(11)} +${l.added} added  -${l.removed} removed  ~${l.changed} changed`);
    for (const kind of ["added", "removed", "changed"] as const) {
      if (diff.examples[kind].length) console.log(`  ${kind}: ${diff.examples[kind].join(", ")}`);
    }
    // The first items themselves: what they are, and for a changed one what changed.
    const { items, nextCursor } = await diffDatasetItems({ db, fromVersionId: a.id, toVersionId: b.id, limit: 50 });
    const mark = { added: "+", removed: "-", changed: "~" } as const;
    for (const item of items)
      console.log(
        `  ${mark[item.kind]} ${item.language.padEnd(11)} ${item.source.padEnd(10)} ${item.title.slice(0, 80)}${item.changes.length ? `  (${item.changes.join(", ")})` : ""}`,
      );
    if (nextCursor) console.log("  … more in the studio's comparison, or GET …/diff?against=…&cursor=…");
    return 0;
  });
}
