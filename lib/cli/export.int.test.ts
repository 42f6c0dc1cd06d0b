import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { splitOf } from "@/lib/datasets/export/split";
import { checkTrainingFolder } from "@/lib/datasets/export/training-schemas";
import { createReadyVersion, FIXTURE_ITEMS, FIXTURE_PAIRS } from "@/lib/datasets/export/test-fixtures";
import { env } from "@/lib/env";
import { rosetta } from "@/lib/testing/cli";

const run = (args: string[]) => rosetta(["export", "--project", "cli-exports", ...args], { DATABASE_URL: env.DATABASE_URL! });
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const tempDir = () => mkdtemp(path.join(os.tmpdir(), "rosetta-export-cli-"));

const ITEMS = Array.from({ length: 60 }, (_, i) => FIXTURE_ITEMS.map((item) => ({ ...item, key: `${item.key}${i}` }))).flat();

beforeAll(async () => {
  const db = getDb();
  const project = await db.project.create({ data: { slug: "cli-exports", name: "cli-exports", languages: [], settings: {} } });
  await createReadyVersion({ db, projectId: project.id, tag: "v1", items: ITEMS, pairs: FIXTURE_PAIRS });
  await createReadyVersion({ db, projectId: project.id, tag: "v-cutting", status: "CUTTING" });
  await createReadyVersion({ db, projectId: project.id, tag: "v-failed", items: [], status: "FAILED" });
  await createReadyVersion({ db, projectId: project.id, tag: "v-no-pairs" });
});
afterAll(() => getDb().$disconnect());

describe("rosetta export", () => {
  it("writes train and test files split by the stable hash, the dataset card, and an exports row with the sha256; again byte for byte", async () => {
    const out = await tempDir();
    const { code, stdout, stderr } = await run(["--version", "v1", "--format", "sft", "--test-fraction", "0.2", "--out", out]);
    expect(stderr).not.toMatch(/✖/);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["README.md", "test.jsonl", "train.jsonl", "training"]);
    expect((await readdir(path.join(out, "training"))).sort()).toEqual(["README.md", "axolotl.yaml", "dataset_info.json", "train_sft.py"]);
    expect(await checkTrainingFolder(out)).toEqual([]);
    const train = await readFile(path.join(out, "train.jsonl"));
    const test = await readFile(path.join(out, "test.jsonl"));
    const contents = (bytes: Buffer) =>
      bytes
        .toString("utf8")
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { messages: { content: string }[] }).messages[1]!.content);
    expect(contents(test)).toEqual(ITEMS.filter((item) => splitOf(item.key, 0.2) === "test").map((item) => item.solution));
    expect(contents(train).length + contents(test).length).toBe(ITEMS.length);
    expect(stderr).toMatch(/exporting v1 as sft jsonl.*180 rows/);
    expect(stdout).toContain(`train.jsonl`);
    expect(stdout).toContain("training/");
    expect(stdout).toContain(sha256(train));
    expect(await readFile(path.join(out, "README.md"), "utf8")).toContain("v1");

    const expectedSha = sha256(Buffer.from(`${sha256(train)}  train.jsonl\n${sha256(test)}  test.jsonl\n`));
    const row = await getDb().export.findFirstOrThrow({
      where: { version: { tag: "v1" }, format: "SFT_MESSAGES" },
      orderBy: { createdAt: "desc" },
    });
    expect(row).toMatchObject({
      status: "SUCCEEDED",
      fileType: "JSONL",
      testFraction: 0.2,
      path: out,
      sha256: expectedSha,
      sizeBytes: BigInt(train.length + test.length),
    });
    expect(await getDb().auditEvent.count({ where: { action: "dataset.export", targetId: row.versionId } })).toBeGreaterThan(0);

    const again = await tempDir();
    expect((await run(["--version", "v1", "--format", "sft", "--test-fraction", "0.2", "--out", again])).code).toBe(0);
    expect(sha256(await readFile(path.join(again, "train.jsonl")))).toBe(sha256(train));
    expect(sha256(await readFile(path.join(again, "test.jsonl")))).toBe(sha256(test));
  });

  it("writes DPO pairs as Parquet that reads back", async () => {
    const out = await tempDir();
    const { code, stderr } = await run(["--version", "v1", "--format", "dpo", "--file-type", "parquet", "--out", out]);
    expect(stderr).not.toMatch(/✖/);
    expect(code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(["README.md", "train.parquet", "training"]);
    expect((await readdir(path.join(out, "training"))).sort()).toEqual([
      "README.md",
      "axolotl_dpo.yaml",
      "dataset_info.json",
      "train_dpo.py",
    ]);
    expect(await checkTrainingFolder(out)).toEqual([]);
    const bytes = await readFile(path.join(out, "train.parquet"));
    const records = await parquetReadObjects({ file: new Uint8Array(bytes).buffer });
    expect(records).toEqual(FIXTURE_PAIRS.map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected })));
  });

  it.each([
    [["--version", "v1", "--format", "csv"], /--format: unknown format \(formats: sft, sharegpt, alpaca, dpo\)/],
    [["--version", "v1", "--format", "sft", "--file-type", "xml"], /--file-type: unknown file type/],
    [["--version", "v1", "--format", "sft", "--test-fraction", "1.5"], /--test-fraction: a number between 0 and 1/],
    [["--version", "v9", "--format", "sft"], /No dataset version "v9" in this project/],
    [["--version", "v-cutting", "--format", "sft"], /version v-cutting is still being cut/],
    [["--version", "v-failed", "--format", "sft"], /version v-failed failed while being cut/],
    [["--version", "v-no-pairs", "--format", "dpo"], /version v-no-pairs has no DPO pairs/],
    [["--version", "v1", "--format", "dpo", "--metadata"], /--metadata goes with the item formats/],
  ])("refuses %j with a clear message, exit code 1 and nothing written", async (args, message) => {
    const out = await tempDir();
    const { code, stderr } = await run([...args, "--out", out]);
    expect(code).toBe(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(out)).toEqual([]);
  });
});
