import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { renderDatasetCard } from "@/lib/datasets/card";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { diffDatasetVersions } from "@/lib/datasets/diff";
import { versionStatistics } from "@/lib/datasets/statistics";
import { tokenLength } from "@/lib/datasets/token-lengths";
import { editCandidate, fixtureCandidate, fixtureProject, fixtureSeed, fixtureVerifierPair } from "@/lib/datasets/version-fixtures";

const db: Db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const LONG_SOLUTION = Array.from({ length: 60 }, (_, i) => `value_${i} = compute(${i}) + offset`).join("\n");

/** The standard fixture, counted by hand in the tests below. */
async function standardProject(slug: string) {
  const { projectId } = await fixtureProject(db, slug);
  const seedPy = await fixtureSeed(db, projectId, {
    language: "python",
    kind: "DS1",
    score: 4,
    instruction: "Reverse a string.",
    solution: "def rev(s): return s[::-1]",
    review: "ACCEPTED",
  });
  const seedRs = await fixtureSeed(db, projectId, {
    language: "rust",
    kind: "DS2",
    score: 3.5,
    instruction: "Add two numbers.",
    solution: "fn add(a: i32, b: i32) -> i32 { a + b }",
    repo: "acme/rs",
    license: "Apache-2.0",
    review: "ACCEPTED",
  });
  await fixtureSeed(db, projectId, {
    language: "python",
    kind: "DS1",
    status: "DROPPED",
    score: 1,
    instruction: "Weak.",
    solution: "pass",
    repo: "acme/weak",
  });
  const a = await fixtureCandidate(db, projectId, {
    language: "python",
    score: 4,
    instruction: "Sum a list of numbers.",
    solution: LONG_SOLUTION,
    seedId: seedPy.seedId,
  });
  const b = await fixtureCandidate(db, projectId, {
    language: "python",
    score: 2,
    verification: "FAIL",
    instruction: "Parse a date.",
    solution: "def parse(d): ...",
  });
  const c = await fixtureCandidate(db, projectId, {
    language: "rust",
    score: 5,
    instruction: "Multiply two numbers.",
    solution: "fn mul(a: i32, b: i32) -> i32 { a + b }",
    humanSolution: "fn mul(a: i32, b: i32) -> i32 { a * b }",
    seedId: seedRs.seedId,
  });
  const d = await fixtureCandidate(db, projectId, {
    language: "python",
    score: 5,
    review: "PENDING",
    instruction: "Pending.",
    solution: "x",
  });
  await fixtureCandidate(db, projectId, { language: "rust", score: 5, review: "REJECTED", instruction: "Rejected.", solution: "y" });
  await fixtureVerifierPair(db, projectId, a.candidateId, "python");
  await fixtureVerifierPair(db, projectId, d.candidateId, "python");
  return { projectId, a, b, c, d, seedPy, seedRs };
}

describe("createDatasetVersion", () => {
  it("freezes accepted items at their current revision and kept seed pairs, ordered by language then key, with their DPO pairs", async () => {
    const f = await standardProject("cut-all");
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1", notes: "first" });
    expect(cut).toMatchObject({ tag: "v1", itemCount: 5, pairCount: 2 });
    expect(cut.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const items = await db.datasetItem.findMany({ where: { versionId: cut.id }, orderBy: { position: "asc" } });
    expect(items.map((i) => i.position)).toEqual([0, 1, 2, 3, 4]);
    const pythonKeys = [`candidate:${f.a.candidateId}`, `candidate:${f.b.candidateId}`, `seed:${f.seedPy.seedId}`].sort();
    const rustKeys = [`candidate:${f.c.candidateId}`, `seed:${f.seedRs.seedId}`].sort();
    expect(items.map((i) => i.itemKey)).toEqual([...pythonKeys, ...rustKeys]);
    const byKey = Object.fromEntries(items.map((i) => [i.itemKey, i]));
    expect(byKey[`candidate:${f.c.candidateId}`]).toMatchObject({
      source: "HUMAN_EDIT",
      solution: "fn mul(a: i32, b: i32) -> i32 { a * b }",
      revisionId: f.c.revisionId,
      verified: true,
      score: 5,
    });
    expect(byKey[`candidate:${f.b.candidateId}`]).toMatchObject({ source: "DS3", verified: false, tests: "assert True" });
    expect(byKey[`seed:${f.seedRs.seedId}`]).toMatchObject({ source: "DS2", verified: false, tests: null, score: 3.5 });
    expect(new Set(items.map((i) => i.contentHash)).size).toBe(5);

    const pairs = await db.datasetPair.findMany({ where: { versionId: cut.id }, orderBy: { position: "asc" } });
    expect(pairs.map((p) => [p.language, p.source])).toEqual([
      ["python", "VERIFIER"],
      ["rust", "HUMAN_EDIT"],
    ]);
    expect(pairs[1]).toMatchObject({
      pairKey: `edit:${f.c.candidateId}`,
      prompt: "Multiply two numbers.",
      chosen: "fn mul(a: i32, b: i32) -> i32 { a * b }",
      rejected: "fn mul(a: i32, b: i32) -> i32 { a + b }",
    });

    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: cut.id } });
    expect(version).toMatchObject({
      status: "READY",
      itemCount: 5,
      pairCount: 2,
      contentHash: cut.contentHash,
      notes: "first",
      error: null,
    });
    expect(version.cutAt).toBeInstanceOf(Date);
    expect(version.filters).toEqual({
      languages: null,
      minScore: null,
      verifiedOnly: false,
      sources: ["DS1", "DS2", "DS3", "HUMAN_EDIT", "IMPORTED"],
      includeUnreviewed: false,
      includeContaminated: false,
      keepDuplicates: false,
    });
    expect(version.provenance).toMatchObject({
      project: { slug: "cut-all" },
      models: {
        roles: [
          { role: "AGENT", model: "scripted-7b" },
          { role: "SCORER", model: "scripted-7b" },
        ],
        seen: [{ role: "AGENT", model: "scripted-7b", calls: 2 }],
      },
      protocol: { memory: { capacity: 4 } },
      seeds: {
        snippets: 2,
        seedPairs: 2,
        licenses: [
          { name: "Apache-2.0", count: 1 },
          { name: "MIT", count: 1 },
        ],
        repos: [
          { name: "acme/rs", count: 1 },
          { name: "acme/tools", count: 1 },
        ],
      },
    });
  });

  it("applies the filters: languages, minimum score, verified only, sources", async () => {
    const f = await standardProject("cut-filters");
    const narrow = await createDatasetVersion({
      db,
      projectId: f.projectId,
      tag: "py-good",
      filters: { languages: ["Python"], minScore: 3, verifiedOnly: true },
    });
    expect(narrow).toMatchObject({ itemCount: 1, pairCount: 1 });
    expect((await db.datasetItem.findMany({ where: { versionId: narrow.id } })).map((i) => i.itemKey)).toEqual([
      `candidate:${f.a.candidateId}`,
    ]);

    const seedsOnly = await createDatasetVersion({ db, projectId: f.projectId, tag: "ds1", filters: { sources: ["DS1"] } });
    expect(seedsOnly).toMatchObject({ itemCount: 1, pairCount: 0 });
    const edits = await createDatasetVersion({ db, projectId: f.projectId, tag: "edits", filters: { sources: ["HUMAN_EDIT"] } });
    expect(edits).toMatchObject({ itemCount: 1, pairCount: 1 });

    // The same data gives the same hash, whatever the tag; different data a different one.
    const again = await createDatasetVersion({
      db,
      projectId: f.projectId,
      tag: "py-good-again",
      filters: { languages: ["python"], minScore: 3, verifiedOnly: true },
    });
    expect(again.contentHash).toBe(narrow.contentHash);
    expect(seedsOnly.contentHash).not.toBe(narrow.contentHash);
  });

  it("refuses a tag in use, a malformed tag and a cut with no item, leaving nothing behind", async () => {
    const f = await standardProject("cut-errors");
    await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    await expect(createDatasetVersion({ db, projectId: f.projectId, tag: "v1" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version v1 already exists",
    });
    await expect(createDatasetVersion({ db, projectId: f.projectId, tag: "v 1/../x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      status: 400,
      message: expect.stringContaining('Invalid tag "v 1/../x"'),
    });
    await expect(
      createDatasetVersion({ db, projectId: f.projectId, tag: "empty", filters: { languages: ["cobol"] } }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining(
        "No item matches (sources DS1, DS2, DS3, HUMAN_EDIT, IMPORTED; languages cobol; accepted items only)",
      ),
    });
    expect(await db.datasetVersion.count({ where: { projectId: f.projectId, tag: "empty" } })).toBe(0);
    expect(await db.datasetVersion.count({ where: { projectId: f.projectId } })).toBe(1);
  });

  it("marks a cut that fails as FAILED with its reason, and a retry with the tag can then succeed", async () => {
    const f = await standardProject("cut-fails");
    // A trigger that breaks the pairs insert stands in for any failure inside the cut.
    await db.$executeRawUnsafe(
      `create function test_fail_pairs() returns trigger language plpgsql as $$ begin raise exception 'disk on fire'; end $$`,
    );
    await db.$executeRawUnsafe(
      `create trigger test_fail_pairs before insert on dataset_pairs for each row execute function test_fail_pairs()`,
    );
    await expect(createDatasetVersion({ db, projectId: f.projectId, tag: "v1" })).rejects.toThrow(/disk on fire/);
    const failed = await db.datasetVersion.findFirstOrThrow({ where: { projectId: f.projectId, tag: "v1" } });
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toContain("disk on fire");
    expect(await db.datasetItem.count({ where: { versionId: failed.id } })).toBe(0);

    await db.$executeRawUnsafe(`drop trigger test_fail_pairs on dataset_pairs`);
    const retry = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    expect(retry).toMatchObject({ itemCount: 5, pairCount: 2 });
  });

  it("takes over the tag of a cut whose process died, not of one in progress", async () => {
    const f = await standardProject("cut-abandoned");
    // Rows as a cut leaves them when its process dies after committing CUTTING: no session holds its lock.
    await db.datasetVersion.create({ data: { projectId: f.projectId, tag: "fresh", status: "CUTTING", filters: {}, provenance: {} } });
    await db.datasetVersion.create({
      data: {
        projectId: f.projectId,
        tag: "stale",
        status: "CUTTING",
        filters: {},
        provenance: {},
        createdAt: new Date(Date.now() - 5 * 60_000),
      },
    });
    await expect(createDatasetVersion({ db, projectId: f.projectId, tag: "fresh" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "version fresh already exists",
    });
    const retaken = await createDatasetVersion({ db, projectId: f.projectId, tag: "stale" });
    expect(retaken).toMatchObject({ itemCount: 5 });
    expect(await db.datasetVersion.findMany({ where: { projectId: f.projectId, tag: "stale" }, select: { status: true } })).toEqual([
      { status: "READY" },
    ]);
  });

  it("the database refuses any change to a READY version's items and pairs", async () => {
    const f = await standardProject("immutable");
    const { id } = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    const refused = [
      `update dataset_items set solution = 'tampered' where version_id = '${id}'`,
      `delete from dataset_items where version_id = '${id}'`,
      `insert into dataset_items (id, version_id, position, item_key, source, language, instruction, solution, verified, content_hash)
         values (gen_random_uuid(), '${id}', 99, 'seed:extra', 'DS1', 'python', 'i', 's', false, 'h')`,
      `update dataset_pairs set chosen = 'tampered' where version_id = '${id}'`,
      `delete from dataset_pairs where version_id = '${id}'`,
      `insert into dataset_pairs (id, version_id, position, language, source, prompt, chosen, rejected, rule, pair_key)
         values (gen_random_uuid(), '${id}', 99, 'python', 'VERIFIER', 'p', 'c', 'r', 'x', 'dpo:extra')`,
      `update dataset_versions set item_count = 0 where id = '${id}'`,
    ];
    for (const sql of refused) await expect(db.$executeRawUnsafe(sql), sql).rejects.toThrow(/is cut and immutable/);
    expect(await db.datasetItem.count({ where: { versionId: id } })).toBe(5);
    expect(await db.datasetPair.count({ where: { versionId: id } })).toBe(2);
    expect(await db.datasetItem.count({ where: { versionId: id, solution: "tampered" } })).toBe(0);
  });
});

describe("what goes into a version is reviewed", () => {
  /** The issue's studio: 2 accepted candidates, 17 kept seed pairs nobody reviewed, and one a reviewer rejected. */
  async function issueProject(slug: string) {
    const { projectId } = await fixtureProject(db, slug);
    const accepted = [];
    for (const n of [1, 2])
      accepted.push(
        await fixtureCandidate(db, projectId, { language: "python", score: 4, instruction: `Accepted ${n}.`, solution: `a${n}` }),
      );
    const unreviewed = [];
    for (let n = 0; n < 17; n++)
      unreviewed.push(
        await fixtureSeed(db, projectId, {
          language: n % 2 ? "rust" : "python",
          kind: "DS1",
          score: 4,
          instruction: `Seed ${n}.`,
          solution: `s${n}`,
        }),
      );
    const rejected = await fixtureSeed(db, projectId, {
      language: "python",
      kind: "DS2",
      score: 4.5,
      instruction: "Rejected by a reviewer.",
      solution: "wrong",
      review: "REJECTED",
    });
    return { projectId, accepted, unreviewed, rejected };
  }

  it("takes accepted items only by default: no unreviewed seed pair, never a rejected one", async () => {
    const f = await issueProject("reviewed-only");
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    const keys = (await db.datasetItem.findMany({ where: { versionId: cut.id } })).map((i) => i.itemKey);
    expect(keys.sort()).toEqual(f.accepted.map((a) => `candidate:${a.candidateId}`).sort());
    expect(cut.itemCount).toBe(2);
  });

  it("takes unreviewed items only when asked, still never a rejected one, and says so in the filters, provenance and card", async () => {
    const f = await issueProject("with-unreviewed");
    // An accepted seed pair goes in as a seed item (its key `seed:<seed id>`, as versions cut before seeds were items).
    const seed = await fixtureSeed(db, f.projectId, {
      language: "rust",
      kind: "DS2",
      score: 5,
      instruction: "Kept.",
      solution: "k",
      review: "ACCEPTED",
    });
    const cut = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1", filters: { includeUnreviewed: true } });
    const items = await db.datasetItem.findMany({ where: { versionId: cut.id } });
    expect(cut.itemCount).toBe(2 + 17 + 1);
    expect(items.map((i) => i.itemKey)).not.toContain(`seed:${f.rejected.seedId}`);
    expect(items.map((i) => i.itemKey)).toContain(`seed:${seed.seedId}`);
    expect(items.find((i) => i.itemKey === `seed:${seed.seedId}`)).toMatchObject({ source: "DS2", tests: null, verified: false, score: 5 });
    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: cut.id } });
    expect(version.filters).toMatchObject({ includeUnreviewed: true });
    expect(version.provenance).toMatchObject({ review: { accepted: 3, unreviewed: 17 } });
    const card = await renderDatasetCard({ db, versionId: cut.id });
    expect(card).toContain("| Unreviewed items (taken by choice) | 17 |");
    expect(card).toContain("17 of its items were not reviewed");

    const reviewed = await createDatasetVersion({ db, projectId: f.projectId, tag: "v2" });
    expect(reviewed.itemCount).toBe(3);
    const plain = await db.datasetVersion.findUniqueOrThrow({ where: { id: reviewed.id } });
    expect(plain.filters).toMatchObject({ includeUnreviewed: false });
    expect(plain.provenance).toMatchObject({ review: { accepted: 3, unreviewed: 0 } });
    const plainCard = await renderDatasetCard({ db, versionId: reviewed.id });
    expect(plainCard).toContain("| Unreviewed items (taken by choice) | 0 |");
    expect(plainCard).toContain("Only accepted items are here");
  });
});

describe("diffDatasetVersions", () => {
  it("counts items added, removed and changed per language, with example keys", async () => {
    const f = await standardProject("diff");
    const v1 = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    // Between the cuts: a new python item is accepted, B is rejected after all, C's edit is edited again.
    const added = await fixtureCandidate(db, f.projectId, {
      language: "python",
      score: 4,
      instruction: "New.",
      solution: "def new(): pass",
    });
    await db.candidate.update({ where: { id: f.b.candidateId }, data: { reviewStatus: "REJECTED" } });
    await editCandidate(db, f.c.candidateId, "fn mul(a: i32, b: i32) -> i32 { a.wrapping_mul(b) }");
    const v2 = await createDatasetVersion({ db, projectId: f.projectId, tag: "v2" });

    const diff = await diffDatasetVersions({ db, fromVersionId: v1.id, toVersionId: v2.id });
    expect(diff.languages).toEqual([
      { language: "python", added: 1, removed: 1, changed: 0 },
      { language: "rust", added: 0, removed: 0, changed: 1 },
    ]);
    expect(diff.examples).toEqual({
      added: [`candidate:${added.candidateId}`],
      removed: [`candidate:${f.b.candidateId}`],
      changed: [`candidate:${f.c.candidateId}`],
    });
    expect(await diffDatasetVersions({ db, fromVersionId: v2.id, toVersionId: v2.id })).toEqual({
      languages: [],
      examples: { added: [], removed: [], changed: [] },
    });
  });
});

describe("versionStatistics and the dataset card", () => {
  it("counts by language and source, verification, scores, pairs and token lengths, as counted by hand", async () => {
    const f = await standardProject("stats");
    const { id } = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1" });
    const stats = await versionStatistics({ db, versionId: id });

    expect(tokenLength("hello world")).toBe(2); // a real BPE: two tokens, where characters/4 would say 3
    expect(stats).toMatchObject({ total: 5, pairs: 2, verified: 2, bySource: { DS1: 1, DS2: 1, DS3: 2, HUMAN_EDIT: 1 } });
    expect(stats.passRate).toBeCloseTo(2 / 3); // A and C pass; A, B and C carry tests
    expect(stats.meanScore).toBeCloseTo((4 + 2 + 5 + 4 + 3.5) / 5);
    const [python, rust] = stats.languages;
    expect(python).toMatchObject({
      language: "python",
      total: 3,
      verified: 1,
      passRate: 0.5,
      bySource: { DS1: 1, DS2: 0, DS3: 2, HUMAN_EDIT: 0 },
    });
    expect(python!.meanScore).toBeCloseTo(10 / 3);
    expect(rust).toMatchObject({
      language: "rust",
      total: 2,
      verified: 1,
      passRate: 1,
      meanScore: 4.25,
      bySource: { DS1: 0, DS2: 1, DS3: 0, HUMAN_EDIT: 1 },
    });

    // Every problem is short; one solution (A's) is long.
    const long = tokenLength(LONG_SOLUTION);
    expect(long).toBeGreaterThan(256);
    const count = (bins: { from: number; to: number; count: number }[], n: number) => bins.find((b) => b.from <= n && n < b.to)!.count;
    expect(count(stats.lengths.problem, 5)).toBe(5);
    expect(stats.lengths.problem.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(count(stats.lengths.solution, 5)).toBe(4);
    expect(count(stats.lengths.solution, long)).toBe(1);
    const pythonSolutions = ["def rev(s): return s[::-1]", LONG_SOLUTION, "def parse(d): ..."].map(tokenLength).sort((x, y) => x - y);
    expect(python!.medianSolutionTokens).toBe(pythonSolutions[1]);
    expect(rust!.medianProblemTokens).toBe((tokenLength("Multiply two numbers.") + tokenLength("Add two numbers.")) / 2);
  });

  it("renders the same card twice, with the figures, provenance and licences", async () => {
    const f = await standardProject("card");
    const { id, contentHash } = await createDatasetVersion({ db, projectId: f.projectId, tag: "v1.0", notes: "The first release." });
    const card = await renderDatasetCard({ db, versionId: id });
    expect(await renderDatasetCard({ db, versionId: id })).toBe(card);
    expect(card).toMatch(/^---\npretty_name: "Fixture card v1.0"\nlicense: other\n/);
    expect(card).toContain(`\`${contentHash}\``);
    expect(card).toContain("The first release.");
    expect(card).toContain("arXiv 2502.07487");
    expect(card).toContain("| agent | card-endpoint | scripted-7b |");
    expect(card).toContain("| Apache-2.0 | 1 |");
    expect(card).toContain("| MIT | 1 |");
    expect(card).toMatch(/\| python \| 3 \| 1 \| 0 \| 2 \| 0 \| 1 \| 50\.0% \| 3\.33 \|/);
    expect(card).toMatch(/\| rust \| 2 \| 0 \| 1 \| 0 \| 1 \| 1 \| 100\.0% \| 4\.25 \|/);
    expect(card).toContain("pass rate among items that carry tests (the synthesized ones; seed pairs have none) is 66.7%");
    expect(card).toContain("Protocol: Rosetta defaults, with overrides: memory.capacity = 4.");
    expect(card).not.toMatch(/undefined|NaN|\[object/);
  });

  it("records the protocol preset and the project's overrides in the provenance and the card", async () => {
    const { projectId } = await fixtureProject(db, "preset-card");
    await db.project.update({ where: { id: projectId }, data: { settings: { preset: "xcoder-paper", discussion: { rounds: 5 } } } });
    await fixtureSeed(db, projectId, {
      language: "python",
      kind: "DS1",
      score: 4,
      instruction: "Add.",
      solution: "a + b",
      review: "ACCEPTED",
    });
    const { id } = await createDatasetVersion({ db, projectId, tag: "v1" });
    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id } });
    expect(version.provenance).toMatchObject({
      protocol: { preset: "xcoder-paper", discussion: { rounds: 5 }, dpo: { samples: 128, queries: "fresh_run" } },
      preset: { id: "xcoder-paper", label: "xCoder paper", overrides: [{ path: "discussion.rounds", value: 5, presetValue: 3 }] },
    });
    const card = await renderDatasetCard({ db, versionId: id });
    expect(card).toContain("Protocol: xCoder paper preset, with overrides: discussion.rounds = 5.");
  });
});
