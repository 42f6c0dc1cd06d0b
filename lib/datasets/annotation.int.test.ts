import { parquetReadObjects } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { renderDatasetCard } from "@/lib/datasets/card";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { appExportPool, closeExportPools } from "@/lib/datasets/export/pool";
import { writeExport } from "@/lib/datasets/export/write-export";
import { readProvenance } from "@/lib/datasets/provenance";
import { fixtureCandidate, fixtureProject } from "@/lib/datasets/version-fixtures";
import { describeAgreement, summarizeAgreement, type Annotation } from "@/lib/review/agreement/summary";

const db: Db = createDb(env.DATABASE_URL!);
afterAll(() => Promise.all([db.$disconnect(), closeExportPools()]));

const REVIEW_SETTINGS = {
  overlap: 2,
  overlapByLanguage: { rust: 3 },
  rubric: [
    { id: "clarity", kind: "scale", label: "Clarity of the instruction", aspect: "relevance" },
    { id: "topics", kind: "labels", label: "Topics", options: ["strings", "math", "io"] },
    { id: "note", kind: "text", label: "Note" },
  ],
};

// Unlike each other, so the near-duplicate gate keeps every one.
const TASKS: Record<string, string> = {
  a: "Reverse the words of a sentence while keeping punctuation attached.",
  b: "Schedule the nightly backup of a photo library to two rotating external disks.",
  c: "Parse an INI file into a dictionary of sections and keys.",
  d: "Rotate the log files of a web server once they exceed a size limit.",
  e: "Convert a temperature log from Fahrenheit readings to a weekly Celsius summary.",
  f: "Read a CSV header and map each column name to its index.",
  g: "Render a binary tree sideways as indented text lines.",
};

type Decision = { by: string; decision: "ACCEPT" | "REJECT"; rubric?: Record<string, unknown>; kind?: "ANNOTATION" | "ADJUDICATION" };

/**
 * A project with two annotators per item (three in rust) and a rubric, its items decided as the
 * review engine leaves them (reviews written directly): agreed, adjudicated, one decision standing
 * after a reopening, disputed, pending halfway, three annotators, never reviewed.
 */
async function annotatedProject(slug: string) {
  const { projectId } = await fixtureProject(db, slug);
  await db.project.update({
    where: { id: projectId },
    data: { settings: { memory: { capacity: 4 }, review: REVIEW_SETTINGS } as Prisma.InputJsonValue },
  });
  const user = (name: string) => db.user.create({ data: { email: `${name}@${slug}.test`, passwordHash: "x" } });
  const [ann, bob, cat, cur] = await Promise.all([user("ann"), user("bob"), user("cat"), user("cur")]);
  const item = async (
    name: string,
    language: string,
    review: "ACCEPTED" | "PENDING" | "REJECTED" | "DISPUTED",
    decisions: Decision[],
  ): Promise<{ id: string; key: string; reviews: string[] }> => {
    const c = await fixtureCandidate(db, projectId, {
      language,
      score: 4,
      review: review === "DISPUTED" ? "PENDING" : review,
      instruction: TASKS[name]!,
      solution: `def f_${name}(): return "${name}"`,
    });
    if (review === "DISPUTED") await db.candidate.update({ where: { id: c.candidateId }, data: { reviewStatus: "DISPUTED" } });
    const reviews: string[] = [];
    for (const d of decisions) {
      const row = await db.review.create({
        data: {
          candidateId: c.candidateId,
          revisionId: c.revisionId,
          reviewerId: d.by,
          decision: d.decision,
          kind: d.kind ?? "ANNOTATION",
          ...(d.rubric ? { rubric: d.rubric as Prisma.InputJsonValue } : {}),
        },
      });
      reviews.push(row.id);
    }
    return { id: c.candidateId, key: `candidate:${c.candidateId}`, reviews };
  };
  const agreed = await item("a", "python", "ACCEPTED", [
    { by: ann.id, decision: "ACCEPT", rubric: { clarity: 4, topics: ["strings", "math"], note: "fine" } },
    { by: bob.id, decision: "ACCEPT", rubric: { clarity: 5, topics: ["strings"] } },
  ]);
  const adjudicated = await item("b", "python", "ACCEPTED", [
    { by: ann.id, decision: "ACCEPT", rubric: { clarity: 3, topics: ["math"] } },
    { by: bob.id, decision: "REJECT", rubric: { clarity: 1, topics: ["math", "io"] } },
    { by: cur.id, decision: "ACCEPT", kind: "ADJUDICATION" },
  ]);
  // Bob's reject was reopened: only Ann's accept stands.
  const reopened = await item("c", "python", "ACCEPTED", [
    { by: bob.id, decision: "REJECT", rubric: { clarity: 1, topics: ["io"] } },
    { by: ann.id, decision: "ACCEPT", rubric: { clarity: 5, topics: ["io"] } },
  ]);
  await db.reviewReopening.create({
    data: { candidateId: reopened.id, reviewId: reopened.reviews[0]!, reopenedById: cur.id, reason: "wrong item" },
  });
  const disputed = await item("d", "python", "DISPUTED", [
    { by: ann.id, decision: "ACCEPT" },
    { by: bob.id, decision: "REJECT" },
  ]);
  const halfway = await item("e", "python", "PENDING", [{ by: ann.id, decision: "ACCEPT", rubric: { clarity: 2 } }]);
  const three = await item("f", "rust", "ACCEPTED", [
    { by: ann.id, decision: "ACCEPT", rubric: { clarity: 4, topics: ["math"] } },
    { by: bob.id, decision: "ACCEPT", rubric: { clarity: 4, topics: ["math", "io"] } },
    { by: cat.id, decision: "ACCEPT", rubric: { clarity: 5, topics: ["io"] } },
  ]);
  const unreviewed = await item("g", "python", "ACCEPTED", []);
  return { projectId, users: { ann, bob, cat, cur }, agreed, adjudicated, reopened, disputed, halfway, three, unreviewed };
}

const keysOf = async (versionId: string) =>
  (await db.datasetItem.findMany({ where: { versionId }, select: { itemKey: true } })).map((i) => i.itemKey).sort();

describe("annotation in dataset versions", () => {
  it("keeps items with enough standing accept decisions (adjudication counting), counts the rest, and never takes a disputed item", async () => {
    const f = await annotatedProject("agree-min");
    const all = await createDatasetVersion({ db, projectId: f.projectId, tag: "all" });
    expect(await keysOf(all.id)).toEqual([f.agreed, f.adjudicated, f.reopened, f.three, f.unreviewed].map((i) => i.key).sort());
    expect(all.agreement).toEqual({ minAgreeingDecisions: null, removed: 0 });
    // The filters of a cut without the requirement are stored as before it existed.
    expect((await db.datasetVersion.findUniqueOrThrow({ where: { id: all.id } })).filters).not.toHaveProperty("minAgreeingDecisions");

    const two = await createDatasetVersion({ db, projectId: f.projectId, tag: "two", filters: { minAgreeingDecisions: 2 } });
    expect(await keysOf(two.id)).toEqual([f.agreed, f.adjudicated, f.three].map((i) => i.key).sort());
    expect(two.agreement).toEqual({ minAgreeingDecisions: 2, removed: 2 });
    expect(readProvenance((await db.datasetVersion.findUniqueOrThrow({ where: { id: two.id } })).provenance).annotation).toMatchObject({
      minAgreeingDecisions: 2,
      removed: 2,
    });

    // Unreviewed items meet the same requirement; the disputed one is neither accepted nor unreviewed.
    const pending = await createDatasetVersion({
      db,
      projectId: f.projectId,
      tag: "pending",
      filters: { includeUnreviewed: true, minAgreeingDecisions: 1 },
    });
    expect(await keysOf(pending.id)).toEqual([f.agreed, f.adjudicated, f.reopened, f.halfway, f.three].map((i) => i.key).sort());
    expect(pending.agreement.removed).toBe(1);
    expect(pending.unreviewed).toBe(1);
    const loose = await createDatasetVersion({ db, projectId: f.projectId, tag: "loose", filters: { includeUnreviewed: true } });
    expect(await keysOf(loose.id)).not.toContain(f.disputed.key);
    expect(loose.quality.removed).toEqual({ contaminated: { count: 0, tasks: [] }, duplicates: { count: 0, clusters: 0 } });
    expect(loose.itemCount).toBe(6);

    const three = await createDatasetVersion({ db, projectId: f.projectId, tag: "three", filters: { minAgreeingDecisions: 3 } });
    expect(await keysOf(three.id)).toEqual([f.three.key]);
    await expect(createDatasetVersion({ db, projectId: f.projectId, tag: "four", filters: { minAgreeingDecisions: 4 } })).rejects.toThrow(
      /No item is left .*at least 4 agreeing decisions\): 5 items with fewer than 4 agreeing decisions\. Lower the agreeing decisions required/,
    );
    expect(await db.datasetVersion.count({ where: { projectId: f.projectId, tag: "four" } })).toBe(0);
  });

  it("freezes each item's counts, majority labels and mean scores, without annotators, and no annotation on an undecided item", async () => {
    const f = await annotatedProject("agree-frozen");
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    const items = await db.datasetItem.findMany({ where: { versionId: cut.id } });
    const annotationOf = (key: string) => (items.find((i) => i.itemKey === key)!.quality as { annotation?: unknown } | null)?.annotation;
    expect(annotationOf(f.agreed.key)).toEqual({
      decisions: 2,
      accepts: 2,
      rejects: 0,
      adjudicated: false,
      labels: { topics: ["strings"] }, // "math": one of two annotators, no majority
      scores: { clarity: 4.5 },
    });
    expect(annotationOf(f.adjudicated.key)).toEqual({
      decisions: 3,
      accepts: 2,
      rejects: 1,
      adjudicated: true,
      labels: { topics: ["math"] },
      scores: { clarity: 2 },
    });
    // The reopened decision is gone from every figure.
    expect(annotationOf(f.reopened.key)).toEqual({
      decisions: 1,
      accepts: 1,
      rejects: 0,
      adjudicated: false,
      labels: { topics: ["io"] },
      scores: { clarity: 5 },
    });
    expect(annotationOf(f.three.key)).toEqual({
      decisions: 3,
      accepts: 3,
      rejects: 0,
      adjudicated: false,
      labels: { topics: ["io", "math"] },
      scores: { clarity: 13 / 3 },
    });
    expect(annotationOf(f.unreviewed.key)).toBeUndefined();
    const text = JSON.stringify(items.map((i) => i.quality));
    for (const u of Object.values(f.users)) {
      expect(text).not.toContain(u.id);
      expect(text).not.toContain(u.email);
    }

    // The export's metadata carries them: JSONL as values, Parquet as flat columns (labels and scores as JSON text).
    const exported = async (fileType: "jsonl" | "parquet") => {
      const chunks: Buffer[] = [];
      await writeExport({
        pool: appExportPool(),
        versionId: cut.id,
        format: "alpaca",
        fileType,
        metadata: true,
        sinks: { train: (c) => void chunks.push(Buffer.from(c)) },
      });
      return Buffer.concat(chunks);
    };
    const jsonl = (await exported("jsonl"))
      .toString("utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { metadata: Record<string, unknown> }).metadata);
    const byId = (rows: Record<string, unknown>[], key: string) => rows.find((m) => m.id === key)!;
    expect(byId(jsonl, f.adjudicated.key)).toMatchObject({
      review_decisions: 3,
      review_accepts: 2,
      review_rejects: 1,
      adjudicated: true,
      labels: { topics: ["math"] },
      rubric_scores: { clarity: 2 },
    });
    expect(byId(jsonl, f.unreviewed.key)).toMatchObject({ review_decisions: null, adjudicated: null, labels: null });
    const parquet = (await parquetReadObjects({ file: new Uint8Array(await exported("parquet")).buffer })) as Record<string, unknown>[];
    expect(byId(parquet, f.agreed.key)).toMatchObject({
      review_decisions: 2,
      review_accepts: 2,
      adjudicated: false,
      labels: '{"topics":["strings"]}',
      rubric_scores: '{"clarity":4.5}',
    });
  });

  it("records the overlap and the agreement summarizeAgreement gives on the same decisions, and the card's Annotation section", async () => {
    const f = await annotatedProject("agree-provenance");
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1", filters: { minAgreeingDecisions: 1 } });
    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: cut.id } });
    const annotation = readProvenance(version.provenance).annotation!;
    const { ann, bob, cat } = f.users;
    const python = (item: { key: string }, by: string, value: string | number): Annotation => ({
      itemId: item.key,
      language: "python",
      annotator: by,
      value,
    });
    const rust = (by: string, value: string | number): Annotation => ({ itemId: f.three.key, language: "rust", annotator: by, value });
    const decisions = [
      python(f.agreed, ann.id, "ACCEPT"),
      python(f.agreed, bob.id, "ACCEPT"),
      python(f.adjudicated, ann.id, "ACCEPT"),
      python(f.adjudicated, bob.id, "REJECT"),
      python(f.reopened, ann.id, "ACCEPT"),
      rust(ann.id, "ACCEPT"),
      rust(bob.id, "ACCEPT"),
      rust(cat.id, "ACCEPT"),
    ];
    const expected = summarizeAgreement(decisions, "nominal");
    expect(annotation.agreement).toEqual({ overall: expected.overall, byLanguage: expected.byLanguage });
    expect(annotation.agreement.overall).toMatchObject({ items: 3, annotators: 3, method: "alpha" });
    const clarity = summarizeAgreement(
      [
        python(f.agreed, ann.id, 4),
        python(f.agreed, bob.id, 5),
        python(f.adjudicated, ann.id, 3),
        python(f.adjudicated, bob.id, 1),
        python(f.reopened, ann.id, 5),
        rust(ann.id, 4),
        rust(bob.id, 4),
        rust(cat.id, 5),
      ],
      "interval",
    );
    expect(annotation.rubric).toEqual([
      { id: "clarity", label: "Clarity of the instruction", aspect: "relevance", overall: clarity.overall, byLanguage: clarity.byLanguage },
    ]);
    expect(annotation).toMatchObject({
      overlap: { overlap: 2, overlapByLanguage: { rust: 3 }, overlapShare: 1 },
      minAgreeingDecisions: 1,
      removed: 1,
      items: { decided: 4, multiAnnotated: 3, adjudicated: 1 },
    });
    expect(JSON.stringify(version.provenance)).not.toMatch(new RegExp(`${ann.id}|${bob.id}|${cat.id}|@agree-provenance`));

    const card = await renderDatasetCard({ db, versionId: cut.id });
    expect(card).toContain(
      "## Annotation\n\nOverlap: 2 annotators per item (rust: 3). When an item's annotators disagreed, a curator's adjudication decided it; an item still in dispute is not here.\n",
    );
    expect(card).toContain("| Items decided by two or more annotators | 3 |");
    expect(card).toContain("| Items adjudicated by a curator | 1 |");
    expect(card).toContain("| Agreeing (accept) decisions required | 1, annotators' and a curator's alike |");
    expect(card).toContain(`| Agreement on decisions | ${describeAgreement(expected.overall)} |`);
    expect(card).toContain(`| python | ${describeAgreement(expected.byLanguage.python!)} |`);
    expect(card).toContain(`| rust | ${describeAgreement(expected.byLanguage.rust!)} |`);
    expect(card).toContain(`| Clarity of the instruction (relevance) | ${describeAgreement(clarity.overall)} |`);
    expect(card).toContain("Left out: 1 item with fewer than 1 agreeing decision.");
    expect(card).toContain("at least 1 agreeing decisions");
  });

  it("leaves the card of a version without annotation provenance byte for byte as it was, and adds none when nobody decided", async () => {
    const f = await annotatedProject("agree-card-old");
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    const cut1 = await db.datasetVersion.findUniqueOrThrow({ where: { id: cut.id } });
    const withSection = await renderDatasetCard({ db, versionId: cut.id });
    expect(withSection).toContain("## Annotation");

    // The same frozen version, as a version cut before annotation was recorded would store it (another project, same tag).
    const { projectId: other } = await fixtureProject(db, "agree-card-old-copy");
    const { annotation: _annotation, ...older } = cut1.provenance as Record<string, unknown>;
    const copy = await db.datasetVersion.create({
      data: { projectId: other, tag: "v1", status: "CUTTING", filters: cut1.filters as Prisma.InputJsonValue, provenance: {} },
    });
    const items = await db.datasetItem.findMany({ where: { versionId: cut.id }, orderBy: { position: "asc" } });
    await db.datasetItem.createMany({
      data: items.map(({ id: _id, versionId: _v, createdAt: _c, quality, ...item }) => ({
        ...item,
        versionId: copy.id,
        ...(quality === null ? {} : { quality: quality as Prisma.InputJsonValue }),
      })),
    });
    await db.datasetVersion.update({
      where: { id: copy.id },
      data: {
        status: "READY",
        itemCount: cut1.itemCount,
        pairCount: cut1.pairCount,
        contentHash: cut1.contentHash,
        cutAt: cut1.cutAt,
        provenance: older as Prisma.InputJsonValue,
      },
    });
    const withoutSection = await renderDatasetCard({ db, versionId: copy.id });
    expect(withoutSection).not.toContain("Annotation");
    expect(withoutSection).toBe(withSection.replace(/## Annotation\n[\s\S]*?(?=## Lengths\n)/, ""));

    // A project where nobody decided anything (accepted in bulk before reviews were recorded): no annotation anywhere.
    const { projectId: plain } = await fixtureProject(db, "agree-none");
    await fixtureCandidate(db, plain, { language: "python", score: 4, instruction: "Reverse a list in place.", solution: "xs.reverse()" });
    const bare = await createDatasetVersion({ db, projectId: plain, tag: "v1" });
    expect(bare.annotation).toBeNull();
    expect(readProvenance((await db.datasetVersion.findUniqueOrThrow({ where: { id: bare.id } })).provenance)).not.toHaveProperty(
      "annotation",
    );
    expect(await renderDatasetCard({ db, versionId: bare.id })).not.toContain("## Annotation");
  });
});
