import { createHash } from "node:crypto";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createDatasetVersion } from "@/lib/datasets/create-version";
import { ROW_GROUP_ROWS } from "@/lib/datasets/export/encoder";
import { appExportPool, closeExportPools } from "@/lib/datasets/export/pool";
import type { FileTypeName, FormatName } from "@/lib/datasets/export/formats";
import { splitOf } from "@/lib/datasets/export/split";
import { createReadyVersion, FIXTURE_ITEMS, FIXTURE_PAIRS } from "@/lib/datasets/export/test-fixtures";
import { findExportableVersion } from "@/lib/datasets/export/version";
import { writeExport } from "@/lib/datasets/export/write-export";

let projectId = "";
let versionId = "";

/** Both sides of an export, as bytes. */
async function exportBytes(
  format: FormatName,
  fileType: FileTypeName,
  { id = versionId, testFraction, metadata }: { id?: string; testFraction?: number; metadata?: boolean } = {},
) {
  const chunks: Record<"train" | "test", Buffer[]> = { train: [], test: [] };
  const counts = await writeExport({
    pool: appExportPool(),
    versionId: id,
    format,
    fileType,
    testFraction,
    metadata,
    sinks: { train: (c) => void chunks.train.push(Buffer.from(c)), test: (c) => void chunks.test.push(Buffer.from(c)) },
  });
  return { train: Buffer.concat(chunks.train), test: Buffer.concat(chunks.test), counts };
}
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const toArrayBuffer = (bytes: Buffer): ArrayBuffer => new Uint8Array(bytes).buffer;

beforeAll(async () => {
  const db = getDb();
  projectId = (await db.project.create({ data: { slug: "exports", name: "exports", languages: [], settings: {} } })).id;
  versionId = (await createReadyVersion({ db, projectId, tag: "v1", pairs: FIXTURE_PAIRS })).id;
});
afterAll(() => Promise.all([getDb().$disconnect(), closeExportPools()]));

describe("export formats, JSONL", () => {
  it("writes SFT as OpenAI chat messages, one user and one assistant turn per item, in position order", async () => {
    const { train } = await exportBytes("sft", "jsonl");
    expect(train.toString("utf8")).toBe(
      [
        String.raw`{"messages":[{"role":"user","content":"Write ` +
          "`inc(x)`" +
          String.raw` that returns x + 1.\nUse \"def\"."},{"role":"assistant","content":"def inc(x):\n\treturn x + 1  # \\o/"}]}`,
        String.raw`{"messages":[{"role":"user","content":"Reverse a string — «ünïcödé» and 日本語 included."},{"role":"assistant","content":"fn rev(s: &str) -> String { s.chars().rev().collect() }\n// \"\u0001\""}]}`,
        String.raw`{"messages":[{"role":"user","content":"Print the first argument."},{"role":"assistant","content":"echo \"$1\""}]}`,
        "",
      ].join("\n"),
    );
  });

  it("writes ShareGPT conversations (human, gpt) and Alpaca records with an empty input", async () => {
    const sharegpt = (await exportBytes("sharegpt", "jsonl")).train.toString("utf8").split("\n");
    expect(sharegpt[2]).toBe(
      String.raw`{"conversations":[{"from":"human","value":"Print the first argument."},{"from":"gpt","value":"echo \"$1\""}]}`,
    );
    expect(sharegpt).toHaveLength(4);
    const alpaca = (await exportBytes("alpaca", "jsonl")).train.toString("utf8").split("\n");
    expect(alpaca[2]).toBe(String.raw`{"instruction":"Print the first argument.","input":"","output":"echo \"$1\""}`);
    expect(alpaca.slice(0, 3).map((line) => JSON.parse(line) as unknown)).toEqual(
      FIXTURE_ITEMS.map((item) => ({ instruction: item.instruction, input: "", output: item.solution })),
    );
  });

  it("writes DPO from the version's frozen pairs (the verifier's and human edits') as {prompt, chosen, rejected}", async () => {
    const { train, counts } = await exportBytes("dpo", "jsonl");
    expect(train.toString("utf8")).toBe(
      [
        String.raw`{"prompt":"Add one.","chosen":"def inc(x):\n    return x + 1","rejected":"def inc(x):\n    return x"}`,
        String.raw`{"prompt":"Double it.","chosen":"func double(x int) int { return 2 * x }","rejected":"func double(x int) int { return x + x + 1 }"}`,
        "",
      ].join("\n"),
    );
    expect(counts).toEqual({ rows: 2, train: 2, test: 0 });
  });
});

describe("export formats, Parquet", () => {
  it.each(["sft", "sharegpt", "alpaca", "dpo"] as const)(
    "%s reads back (hyparquet) as the same records as its JSONL, with no clock in the file",
    async (format) => {
      const [parquet, jsonl] = await Promise.all([exportBytes(format, "parquet"), exportBytes(format, "jsonl")]);
      expect(parquet.train.subarray(0, 4).toString("latin1")).toBe("PAR1");
      const records = await parquetReadObjects({ file: toArrayBuffer(parquet.train) });
      const expected = jsonl.train
        .toString("utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown);
      expect(records).toEqual(expected);
      const metadata = parquetMetadata(toArrayBuffer(parquet.train));
      expect(metadata.created_by).toBe("rosetta");
      expect(metadata.key_value_metadata ?? []).toEqual([]);
    },
  );

  it("writes row groups of a fixed row count, so a large version streams in groups and reads back whole", async () => {
    const db = getDb();
    const items = Array.from({ length: ROW_GROUP_ROWS * 2 + 17 }, (_, i) => ({
      key: `candidate:${i}`,
      language: "python",
      instruction: `Task ${i}`,
      solution: `print(${i})`,
    }));
    const big = await createReadyVersion({ db, projectId, tag: "big", items });
    const { train } = await exportBytes("alpaca", "parquet", { id: big.id });
    const metadata = parquetMetadata(toArrayBuffer(train));
    expect(metadata.row_groups.map((group) => Number(group.num_rows))).toEqual([ROW_GROUP_ROWS, ROW_GROUP_ROWS, 17]);
    const records = (await parquetReadObjects({ file: toArrayBuffer(train), columns: ["output"] })) as { output: string }[];
    expect(records.map((record) => record.output)).toEqual(items.map((item) => item.solution));
  });
});

describe("per-record metadata, on request", () => {
  /** Two items as a cut freezes them: one judged by the whole gate (included contaminated, in a cluster), one with nothing. */
  async function judgedVersion() {
    const [a, b] = FIXTURE_ITEMS;
    return createReadyVersion({
      db: getDb(),
      projectId,
      tag: `meta-${Date.now()}`,
      items: [
        {
          ...a!,
          score: 4.5,
          tests: "assert inc(1) == 2",
          difficulty: "MEDIUM",
          solveRate: 0.5,
          coverage: 0.875,
          quality: {
            contamination: { benchmark: "HumanEval", taskId: "HumanEval/12" },
            clusterId: "c-1",
            crossLingualSiblings: 2,
            independentTests: "PASS",
            ownTests: "FAIL",
            annotation: {
              decisions: 3,
              accepts: 2,
              rejects: 1,
              adjudicated: true,
              labels: { topics: ["math", "strings"], style: [] },
              scores: { clarity: 4.5 },
            },
          },
        },
        b!,
      ],
    });
  }
  const full = {
    id: "candidate:a",
    language: "python",
    source: "DS3",
    difficulty: "medium",
    score: 4.5,
    tests: "assert inc(1) == 2",
    verified: true,
    independent_tests: "pass",
    own_tests: "fail",
    pass_rate: 0.5,
    coverage: 0.875,
    contaminated: true,
    contaminated_by: "HumanEval/12",
    duplicate_cluster: "c-1",
    cross_lingual_siblings: 2,
    evolution_operation: null,
    review_decisions: 3,
    review_accepts: 2,
    review_rejects: 1,
    adjudicated: true,
    labels: { style: [], topics: ["math", "strings"] },
    rubric_scores: { clarity: 4.5 },
  };
  const bare = {
    id: "candidate:b",
    language: "rust",
    source: "DS3",
    difficulty: null,
    score: null,
    tests: null,
    verified: true,
    independent_tests: null,
    own_tests: null,
    pass_rate: null,
    coverage: null,
    contaminated: false,
    contaminated_by: null,
    duplicate_cluster: null,
    cross_lingual_siblings: null,
    evolution_operation: null,
    review_decisions: null,
    review_accepts: null,
    review_rejects: null,
    adjudicated: null,
    labels: null,
    rubric_scores: null,
  };

  it("adds a metadata object to each JSONL record, written as JSON.stringify writes the record with it; without the option nothing changes", async () => {
    const version = await judgedVersion();
    const lines = (await exportBytes("sft", "jsonl", { id: version.id, metadata: true })).train.toString("utf8").split("\n");
    expect(lines).toHaveLength(3);
    const messages = (i: number) => [
      { role: "user", content: FIXTURE_ITEMS[i]!.instruction },
      { role: "assistant", content: FIXTURE_ITEMS[i]!.solution },
    ];
    expect(lines[0]).toBe(JSON.stringify({ messages: messages(0), metadata: full }));
    expect(lines[1]).toBe(JSON.stringify({ messages: messages(1), metadata: bare }));
    const alpaca = (await exportBytes("alpaca", "jsonl", { id: version.id, metadata: true })).train.toString("utf8").split("\n");
    expect(JSON.parse(alpaca[0]!)).toEqual({
      instruction: FIXTURE_ITEMS[0]!.instruction,
      input: "",
      output: FIXTURE_ITEMS[0]!.solution,
      metadata: full,
    });
    const plain = await exportBytes("sft", "jsonl", { id: version.id });
    expect(plain.train.toString("utf8")).toBe(lines.map((line) => line.replace(/,"metadata":\{.*\}\}$/, "}")).join("\n"));
  });

  it("adds flat, optional Parquet columns after the format's own", async () => {
    const version = await judgedVersion();
    const { train } = await exportBytes("alpaca", "parquet", { id: version.id, metadata: true });
    const schema = parquetMetadata(toArrayBuffer(train)).schema.map((element) => element.name);
    expect(schema.slice(1, 4)).toEqual(["instruction", "input", "output"]);
    expect(schema.slice(4)).toEqual(Object.keys(full));
    const records = (await parquetReadObjects({ file: toArrayBuffer(train) })) as Record<string, unknown>[];
    const pick = (record: Record<string, unknown>) => Object.fromEntries(Object.keys(full).map((key) => [key, record[key] ?? null]));
    // Labels and rubric scores are keyed by each project's own questions: JSON text in a flat column.
    const flat = (m: Record<string, unknown>) => ({
      ...m,
      labels: m.labels === null ? null : JSON.stringify(m.labels),
      rubric_scores: m.rubric_scores === null ? null : JSON.stringify(m.rubric_scores),
    });
    expect(records.map(pick)).toEqual([flat(full), flat(bare)]);
    const plain = await exportBytes("alpaca", "parquet", { id: version.id });
    expect(parquetMetadata(toArrayBuffer(plain.train)).schema.map((element) => element.name)).toEqual([
      "schema",
      "instruction",
      "input",
      "output",
    ]);
  });
});

describe("train/test split", () => {
  it("puts each item on the side its key's hash says, in every format and file type, and again on every export", async () => {
    const db = getDb();
    const items = Array.from({ length: 300 }, (_, i) => ({
      key: `candidate:s${i}`,
      language: "python",
      instruction: `Split task ${i}`,
      solution: `x = ${i}`,
    }));
    const version = await createReadyVersion({ db, projectId, tag: "split", items });
    const { train, test, counts } = await exportBytes("alpaca", "jsonl", { id: version.id, testFraction: 0.25 });
    const side = (bytes: Buffer) =>
      bytes
        .toString("utf8")
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { output: string }).output);
    const expectedTest = items.filter((item) => splitOf(item.key, 0.25) === "test").map((item) => item.solution);
    expect(side(test)).toEqual(expectedTest);
    expect(side(train)).toEqual(items.filter((item) => splitOf(item.key, 0.25) === "train").map((item) => item.solution));
    expect(counts).toEqual({ rows: 300, train: 300 - expectedTest.length, test: expectedTest.length });
    expect(expectedTest.length).toBeGreaterThan(40);
    expect(expectedTest.length).toBeLessThan(110);

    // A later version holding these items among others, in another order: they stay on their side.
    const later = await createReadyVersion({
      db,
      projectId,
      tag: "split-later",
      items: [
        ...items.slice(150).reverse(),
        { key: "candidate:new", language: "go", instruction: "New", solution: "new" },
        ...items.slice(0, 150),
      ],
    });
    const again = await exportBytes("alpaca", "jsonl", { id: later.id, testFraction: 0.25 });
    expect(new Set(side(again.test).filter((solution) => solution !== "new"))).toEqual(new Set(expectedTest));
    // And a Parquet export splits the same way.
    const parquet = await exportBytes("alpaca", "parquet", { id: version.id, testFraction: 0.25 });
    expect(
      ((await parquetReadObjects({ file: toArrayBuffer(parquet.test) })) as { output: string }[]).map((record) => record.output),
    ).toEqual(expectedTest);
  });
});

describe("re-exports", () => {
  it("are byte-identical for every format and file type, also after the project has moved on", async () => {
    const db = getDb();
    const formats = ["sft", "sharegpt", "alpaca", "dpo"] as const;
    const fileTypes = ["jsonl", "parquet"] as const;
    const first: Record<string, string> = {};
    for (const format of formats)
      for (const fileType of fileTypes)
        first[`${format}.${fileType}`] = sha256((await exportBytes(format, fileType, { testFraction: 0.5 })).train);

    // The project moves on: a new candidate is accepted and a new version is cut with it.
    const candidate = await db.candidate.create({ data: { projectId, language: "python", reviewStatus: "ACCEPTED" } });
    const revision = await db.revision.create({
      data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction: "Accepted later.", solution: "pass", tests: "" },
    });
    await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
    await createReadyVersion({
      db,
      projectId,
      tag: "v2",
      items: [...FIXTURE_ITEMS, { key: `candidate:${candidate.id}`, language: "python", instruction: "Accepted later.", solution: "pass" }],
      pairs: FIXTURE_PAIRS,
    });

    for (const format of formats)
      for (const fileType of fileTypes)
        expect(sha256((await exportBytes(format, fileType, { testFraction: 0.5 })).train), `${format}.${fileType}`).toBe(
          first[`${format}.${fileType}`],
        );
  });
});

describe("a version cut by createDatasetVersion", () => {
  it("exports its accepted items, and exports the same bytes after more candidates are accepted and cut into a new version", async () => {
    const db = getDb();
    const project = await db.project.create({ data: { slug: "exports-cut", name: "exports-cut", languages: [], settings: {} } });
    const accept = async (instruction: string, solution: string) => {
      const candidate = await db.candidate.create({
        data: { projectId: project.id, language: "python", reviewStatus: "ACCEPTED", verificationStatus: "PASS" },
      });
      const revision = await db.revision.create({
        data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction, solution, tests: "assert True" },
      });
      await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
    };
    await accept("Add one.", "def inc(x):\n    return x + 1");
    await accept('Say "hi".', 'print("hi")');
    await createDatasetVersion({ db, projectId: project.id, tag: "v1" });
    const v1 = await findExportableVersion({ pool: appExportPool(), projectId: project.id, tag: "v1", format: "alpaca" });
    const first = await exportBytes("alpaca", "jsonl", { id: v1.id });
    const outputs = first.train
      .toString("utf8")
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { output: string }).output);
    expect(outputs.sort()).toEqual(["def inc(x):\n    return x + 1", 'print("hi")'].sort());

    await accept("Double it.", "def double(x):\n    return 2 * x");
    await createDatasetVersion({ db, projectId: project.id, tag: "v2" });
    expect(sha256((await exportBytes("alpaca", "jsonl", { id: v1.id })).train)).toBe(sha256(first.train));
    const v2 = await findExportableVersion({ pool: appExportPool(), projectId: project.id, tag: "v2", format: "alpaca" });
    expect(v2.rows).toBe(3);
  });
});

describe("what cannot be exported", () => {
  it("refuses an unknown tag, a version still being cut, a failed one, DPO without pairs, and a version without items, each saying so", async () => {
    const db = getDb();
    await createReadyVersion({ db, projectId, tag: "cutting", status: "CUTTING" });
    await createReadyVersion({ db, projectId, tag: "failed", items: [], status: "FAILED" });
    await createReadyVersion({ db, projectId, tag: "no-pairs" });
    await createReadyVersion({ db, projectId, tag: "empty", items: [] });
    const find = (tag: string, format: FormatName = "sft") => findExportableVersion({ pool: appExportPool(), projectId, tag, format });
    await expect(find("v9")).rejects.toMatchObject({ code: "NOT_FOUND", message: 'No dataset version "v9" in this project.' });
    await expect(find("cutting")).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("version cutting is still being cut"),
    });
    await expect(find("failed")).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("version failed failed while being cut"),
    });
    await expect(find("no-pairs", "dpo")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("version no-pairs has no DPO pairs"),
    });
    await expect(find("empty")).rejects.toMatchObject({ code: "BAD_REQUEST", message: "version empty has no items to export." });
    await expect(find("v1", "dpo")).resolves.toMatchObject({ id: versionId, rows: 2 });
  });

  it("stops reading the database once aborted", async () => {
    const db = getDb();
    const items = Array.from({ length: 9_000 }, (_, i) => ({
      key: `candidate:abort${i}`,
      language: "python",
      instruction: `Task ${i}`,
      solution: `print(${i})`,
    }));
    const version = await createReadyVersion({ db, projectId, tag: "abort", items });
    const controller = new AbortController();
    let pages = 0;
    const run = writeExport({
      pool: appExportPool(),
      versionId: version.id,
      format: "sft",
      fileType: "jsonl",
      signal: controller.signal,
      sinks: { train: () => {} },
      onProgress: () => {
        pages += 1;
        if (pages === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    expect(pages).toBe(1);
  });
});
