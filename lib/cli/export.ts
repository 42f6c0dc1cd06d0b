import { z } from "zod";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl, commandProjectId } from "@/lib/cli/database";
import { progressLine } from "@/lib/cli/progress";
import { createDb } from "@/lib/db/client";
import { renderDatasetCard } from "@/lib/datasets/card";
import { exportToDirectory } from "@/lib/datasets/export/file-export";
import { ExportOptions } from "@/lib/datasets/export/options";
import { closeExportPools, exportPool } from "@/lib/datasets/export/pool";
import { findExportableVersion } from "@/lib/datasets/export/version";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const Options = ExportOptions.extend({
  project: z.string().min(1),
  version: z.string().min(1),
  out: z.string().min(1),
}).strict();

const number = new Intl.NumberFormat("en");

function bar(done: number, total: number, width = 24): string {
  const filled = total ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

const flag = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * `rosetta export --project <slug> --version <tag> --format sft|sharegpt|alpaca|dpo [--file-type jsonl|parquet]
 * [--test-fraction 0.1] [--metadata] --out <dir>`: the version's files written whole or not at all, with a
 * progress bar on stderr and an `exports` row; Ctrl-C stops it and leaves no partial file.
 */
export async function runExport(raw: Record<string, unknown>): Promise<number> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((issue) => `${flag(issue.path[0] ?? "")}: ${issue.message}`).join("; ")}`,
    );
  const options = parsed.data;
  if (options.metadata && options.format === "dpo")
    throw new AppError("BAD_REQUEST", "Invalid option: --metadata goes with the item formats (sft, sharegpt, alpaca), not with dpo pairs.");
  const url = await commandDatabaseUrl(env);
  const db = createDb(url, { applicationName: "rosetta-export", max: 2 });
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort(new AppError("BAD_REQUEST", "Export interrupted; no file was written."));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const projectId = await commandProjectId(db, options.project);
    const pool = exportPool(url);
    const version = await findExportableVersion({ pool, projectId, tag: options.version, format: options.format });
    const progress = progressLine(`exporting ${version.tag} as ${options.format} ${options.fileType}`);
    const started = Date.now();
    const result = await exportToDirectory({
      pool,
      version,
      format: options.format,
      fileType: options.fileType,
      testFraction: options.testFraction,
      dir: options.out,
      card: () => renderDatasetCard({ db, versionId: version.id }),
      signal: interrupt.signal,
      metadata: options.metadata,
      onProgress: ({ rows }) =>
        progress.update(
          `${bar(rows, version.rows)} ${number.format(rows)}/${number.format(version.rows)} · ${number.format(Math.round(rows / ((Date.now() - started) / 1000 || 1)))} rows/s`,
        ),
    });
    progress.done(`${number.format(version.rows)} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await auditCli(db, {
      action: "dataset.export",
      targetType: "dataset_version",
      targetId: version.id,
      projectId,
      after: {
        tag: version.tag,
        format: options.format,
        fileType: options.fileType,
        testFraction: options.testFraction ?? null,
        metadata: options.metadata ?? false,
        dir: result.dir,
        sha256: result.sha256,
        via: "cli",
      },
    });
    for (const file of result.files)
      console.log(
        `${file.name.padEnd(14)} ${number.format(file.rows).padStart(9)} rows ${number.format(file.sizeBytes).padStart(14)} bytes  sha256 ${file.sha256}`,
      );
    console.log(`training/      configs for LLaMA-Factory, axolotl and TRL (training/README.md has the commands)`);
    console.log(`Exported version ${version.tag} to ${result.dir} (export ${result.exportId}, sha256 ${result.sha256}).`);
    return 0;
  } catch (error) {
    if (interrupt.signal.aborted) throw interrupt.signal.reason;
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await Promise.all([db.$disconnect(), closeExportPools()]);
  }
}
