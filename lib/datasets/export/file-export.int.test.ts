import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { exportToDirectory } from "@/lib/datasets/export/file-export";
import { appExportPool, closeExportPools } from "@/lib/datasets/export/pool";
import { createReadyVersion } from "@/lib/datasets/export/test-fixtures";
import { findExportableVersion } from "@/lib/datasets/export/version";

let projectId = "";

beforeAll(async () => {
  const db = getDb();
  projectId = (await db.project.create({ data: { slug: "file-exports", name: "file-exports", languages: [], settings: {} } })).id;
  const items = Array.from({ length: 7_000 }, (_, i) => ({
    key: `candidate:${i}`,
    language: "python",
    instruction: `Task ${i}`,
    solution: `print(${i})`,
  }));
  await createReadyVersion({ db, projectId, tag: "v1", items });
});
afterAll(() => Promise.all([getDb().$disconnect(), closeExportPools()]));

describe("exportToDirectory", () => {
  it.each(["jsonl", "parquet"] as const)(
    "leaves no file, whole or partial, when interrupted midway (%s), and records the export as FAILED",
    async (fileType) => {
      const db = getDb();
      const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-export-abort-"));
      const version = await findExportableVersion({ pool: appExportPool(), projectId, tag: "v1", format: "alpaca" });
      const interrupt = new AbortController();
      const run = exportToDirectory({
        pool: appExportPool(),
        version,
        format: "alpaca",
        fileType,
        testFraction: 0.1,
        dir,
        card: async () => "# card",
        signal: interrupt.signal,
        onProgress: ({ rows }) => {
          if (rows > 0) interrupt.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ name: "AbortError" });
      expect(await readdir(dir)).toEqual([]);
      const row = await db.export.findFirstOrThrow({
        where: { versionId: version.id, fileType: fileType === "jsonl" ? "JSONL" : "PARQUET" },
        orderBy: { createdAt: "desc" },
      });
      expect(row).toMatchObject({ status: "FAILED", error: "interrupted", sha256: null });
    },
  );

  it("leaves no file when the dataset card fails after the data was written", async () => {
    const db = getDb();
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-export-card-"));
    const version = await findExportableVersion({ pool: appExportPool(), projectId, tag: "v1", format: "sft" });
    const run = exportToDirectory({
      pool: appExportPool(),
      version,
      format: "sft",
      fileType: "jsonl",
      dir,
      card: () => Promise.reject(new Error("card broke")),
    });
    await expect(run).rejects.toThrow("card broke");
    expect(await readdir(dir)).toEqual([]);
    expect(
      await db.export.findFirstOrThrow({ where: { versionId: version.id, format: "SFT_MESSAGES" }, orderBy: { createdAt: "desc" } }),
    ).toMatchObject({ status: "FAILED", error: "card broke" });
  });
});
