import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { renderDatasetCard } from "@/lib/datasets/card";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { readProvenance } from "@/lib/datasets/provenance";
import { fixtureCandidate, fixtureProject } from "@/lib/datasets/version-fixtures";
import { appendRevision } from "@/lib/review/append-revision";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";
import { advanceRun, startRun } from "@/lib/synthesis/runs";
import { summarizeRun } from "@/lib/synthesis/summary";

const db: Db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

// Planted leaks: HumanEval/0's canonical solution as a snippet, HumanEval/0's and HumanEval/12's statements as instructions.
const HUMANEVAL_0_CODE = `from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    for idx, elem in enumerate(numbers):
        for idx2, elem2 in enumerate(numbers):
            if idx != idx2:
                distance = abs(elem - elem2)
                if distance < threshold:
                    return True

    return False
`;
const HUMANEVAL_0_TASK =
  "Write has_close_elements(numbers, threshold). Check if in given list of numbers, are any two numbers closer to each other than given threshold.";
const HUMANEVAL_12_TASK =
  "Out of list of strings, return the longest one. Return the first one in case of multiple strings of the same length. Return None in case the input list is empty.";

const CLEAN_CODE = `def parse_ini_line(line):
    key, _, value = line.partition("=")
    return key.strip().lower(), value.strip().strip('"')
`;

describe("the quality gate, where items are made and at the cut", () => {
  it("flags planted benchmark problems (snippet at import, seed stage skip, a candidate's revision, an unchecked item at the cut) and leaves them out of the cut, with the card's counts", async () => {
    const { projectId } = await fixtureProject(db, "gate-leaks");
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-gate-"));
    try {
      const file = path.join(dir, "snippets.jsonl");
      await writeFile(
        file,
        [
          JSON.stringify({ code: HUMANEVAL_0_CODE, language: "python", path: "leak.py" }),
          JSON.stringify({ code: CLEAN_CODE, language: "python", path: "ini.py" }),
        ].join("\n") + "\n",
      );
      const summary = await importSnippets({ db, projectId, inputs: [file] });
      expect(summary.imported).toBe(2);
      expect(summary.contaminated.count).toBe(1);
      expect(summary.contaminated.examples[0]).toMatch(/snippets\.jsonl:1 \(\S+\/0\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const leak = await db.snippet.findFirstOrThrow({ where: { projectId, path: "leak.py" } });
    expect(leak.contamination).toMatchObject({ taskId: expect.stringMatching(/\/0$/), field: "solution" });
    expect((await db.snippet.findFirstOrThrow({ where: { projectId, path: "ini.py" } })).contamination).toBeNull();

    // The seed stage takes the clean snippet only (both kinds), and the run's summary says what it skipped.
    const run = await startRun({ db, projectId, stages: ["SEED"] });
    await advanceRun(db, run.id);
    const items = await db.runItem.findMany({ where: { runId: run.id } });
    expect(items.every((item) => !item.itemKey.startsWith(leak.id))).toBe(true);
    expect(items).toHaveLength(2);
    const seedStage = (await summarizeRun(db, run.id)).stages.find((s) => s.stage === "SEED")!;
    expect(seedStage.skippedContaminated).toBe(1);

    // A candidate whose revision states HumanEval/0 is flagged as the revision becomes current.
    const statement = await fixtureCandidate(db, projectId, {
      language: "go",
      score: 5,
      instruction: "Placeholder.",
      solution: "package x",
    });
    await db.$transaction(async (tx) => {
      const parent = await tx.revision.findUniqueOrThrow({ where: { id: statement.revisionId }, select: { id: true, number: true } });
      await appendRevision(tx, {
        candidateId: statement.candidateId,
        parent,
        author: { kind: "AGENT" },
        instruction: HUMANEVAL_0_TASK,
        solution: "package x\n\nfunc HasCloseElements(numbers []float64, threshold float64) bool { return false }\n",
        tests: "",
      });
    });
    const flagged = await db.candidate.findUniqueOrThrow({ where: { id: statement.candidateId } });
    expect(flagged.contaminated).toBe(true);
    expect(flagged.contamination).toMatchObject({ taskId: expect.stringMatching(/\/0$/), field: "instruction" });
    expect(flagged.qualityCheckedAt).not.toBeNull();

    // Items written without the hook (never checked) are checked by the cut: two HumanEval/12 statements, one clean item.
    await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: HUMANEVAL_12_TASK,
      solution: "def longest(s): ...",
    });
    await fixtureCandidate(db, projectId, {
      language: "rust",
      score: 3,
      instruction: `In Rust: ${HUMANEVAL_12_TASK}`,
      solution: "fn longest() {}",
    });
    const clean = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: "Parse one line of an INI file into a lower-cased key and an unquoted value.",
      solution: CLEAN_CODE,
    });

    const v1 = await createDatasetVersion({ db, projectId, tag: "v1" });
    expect(v1.itemCount).toBe(1);
    expect(v1.quality.rechecked).toBe(3);
    // Which copy of a task is named (HumanEval, HumanEval-X, a translation) is the engine's choice: the task number is not.
    const removed = v1.quality.removed.contaminated;
    expect(removed.count).toBe(3);
    expect(removed.tasks.reduce((n, t) => n + t.count, 0)).toBe(3);
    expect(removed.tasks.map((t) => t.taskId.match(/(\d+)$/)?.[1]).sort()).toEqual(
      removed.tasks.length === 2 ? ["0", "12"] : ["0", "12", "12"],
    );
    const frozen = await db.datasetItem.findMany({ where: { versionId: v1.id } });
    expect(frozen.map((i) => i.itemKey)).toEqual([`candidate:${clean.candidateId}`]);
    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: v1.id } });
    expect(readProvenance(version.provenance).quality?.removed.contaminated.count).toBe(3);
    const card = await renderDatasetCard({ db, versionId: v1.id });
    expect(card).toContain("## Quality gate");
    expect(card).toMatch(/Removed: 3 contaminated: [^\n]*\/12\b/);
    expect(card).toMatch(/Removed: 3 contaminated: [^\n]*\/0\b/);

    // Asked for, they go in, flagged: the hit is frozen with the item and the filters record the choice.
    const v2 = await createDatasetVersion({ db, projectId, tag: "v2", filters: { includeContaminated: true } });
    expect(v2.itemCount).toBe(4);
    expect(v2.quality.removed.contaminated.count).toBe(0);
    expect(v2.quality.included.contaminated).toBe(3);
    expect(v2.quality.rechecked).toBe(0);
    const withLeaks = await db.datasetItem.findMany({ where: { versionId: v2.id }, orderBy: { position: "asc" } });
    const taskIds = withLeaks.map((i) => (i.quality as { contamination?: { taskId: string } } | null)?.contamination?.taskId ?? null);
    expect(taskIds.map((id) => id?.match(/(\d+)$/)?.[1] ?? null).sort()).toEqual(["0", "12", "12", null]);
    expect((await db.datasetVersion.findUniqueOrThrow({ where: { id: v2.id } })).filters).toMatchObject({ includeContaminated: true });
    expect(await renderDatasetCard({ db, versionId: v2.id })).toContain("Contaminated items: included by choice | 3");
  });

  it("keeps the best-scored item of each language in a near-duplicate cluster, keeps cross-lingual siblings, and keeps them all when asked", async () => {
    const { projectId } = await fixtureProject(db, "gate-duplicates");
    const task =
      "Given a list of meeting intervals as pairs of start and end minutes, merge every overlapping interval and return the merged list sorted by start time.";
    const solution =
      "def merge(intervals):\n    out = []\n    for s, e in sorted(intervals):\n        if out and s <= out[-1][1]:\n            out[-1][1] = max(out[-1][1], e)\n        else:\n            out.append([s, e])\n    return out\n";
    const low = await fixtureCandidate(db, projectId, { language: "python", score: 3, instruction: task, solution });
    const best = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 5,
      instruction: `${task}`,
      solution: `${solution}# v2\n`,
    });
    const mid = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: `${task} `,
      solution: `${solution}# v3\n`,
    });
    const rust = await fixtureCandidate(db, projectId, { language: "rust", score: 2, instruction: task, solution: "fn merge() {}" });
    const other = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 1,
      instruction: "Count the vowels in a sentence, treating upper and lower case alike.",
      solution: "def vowels(s):\n    return sum(c in 'aeiou' for c in s.lower())\n",
    });

    const v1 = await createDatasetVersion({ db, projectId, tag: "v1" });
    const keys = (await db.datasetItem.findMany({ where: { versionId: v1.id } })).map((i) => i.itemKey).sort();
    expect(keys).toEqual([best, rust, other].map((c) => `candidate:${c.candidateId}`).sort());
    expect(v1.quality.removed.duplicates).toEqual({ count: 2, clusters: 1 });
    expect(keys).not.toContain(`candidate:${low.candidateId}`);
    expect(keys).not.toContain(`candidate:${mid.candidateId}`);
    const kept = await db.datasetItem.findFirstOrThrow({ where: { versionId: v1.id, itemKey: `candidate:${best.candidateId}` } });
    expect(kept.quality).toMatchObject({ crossLingualSiblings: 1 });
    expect(await renderDatasetCard({ db, versionId: v1.id })).toContain("Removed: 2 near-duplicates in 1 cluster.");

    const v2 = await createDatasetVersion({ db, projectId, tag: "v2", filters: { keepDuplicates: true } });
    expect(v2.itemCount).toBe(5);
    expect(v2.quality.removed.duplicates.count).toBe(0);
    expect(v2.quality.included.clustered).toBe(4);
  });

  it("checks again, at the cut, items checked before the project's own benchmark file came, and names that file", async () => {
    const { projectId } = await fixtureProject(db, "gate-own-benchmark");
    const task = "Compute the checksum of a shipping manifest by summing the weights of its crates modulo the dock number.";
    await fixtureCandidate(db, projectId, { language: "python", score: 4, instruction: task, solution: "def checksum(m, d): ..." });
    const before = await createDatasetVersion({ db, projectId, tag: "v1" });
    expect(before.itemCount).toBe(1);
    const benchmark = await db.benchmark.create({ data: { projectId, name: "internal-eval", problemCount: 1 } });
    await db.benchmarkProblem.create({ data: { benchmarkId: benchmark.id, taskId: "internal/7", statement: task } });
    const after = await createDatasetVersion({ db, projectId, tag: "v2", filters: { includeContaminated: true } });
    expect(after.quality.rechecked).toBe(1);
    expect(after.quality.included.contaminated).toBe(1);
    const [item] = await db.datasetItem.findMany({ where: { versionId: after.id } });
    expect(item!.quality).toMatchObject({ contamination: { benchmark: "internal-eval", taskId: "internal/7" } });
  });

  it("hashes a version without quality data exactly as before the gate existed", async () => {
    const { projectId } = await fixtureProject(db, "gate-hash");
    await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: "Reverse the words of a sentence.",
      solution: "def r(s): ...",
    });
    await fixtureCandidate(db, projectId, {
      language: "rust",
      score: 3,
      instruction: "Sum the digits of a number.",
      solution: "fn s() {}",
    });
    const cut = await createDatasetVersion({ db, projectId, tag: "v1" });
    const [row] = await db.$queryRaw<{ hash: string; quality: number }[]>`
      select encode(sha256(convert_to(
        coalesce((select string_agg(content_hash, E'\\n' order by position) from dataset_items where version_id = ${cut.id}::uuid), '')
        || E'\\n--pairs--\\n' || '', 'UTF8')), 'hex') as hash,
        (select count(*) from dataset_items where version_id = ${cut.id}::uuid and quality is not null)::int as quality`;
    expect(row!.quality).toBe(0);
    expect(cut.contentHash).toBe(row!.hash);
  });
});
