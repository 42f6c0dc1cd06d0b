import { route } from "@/lib/auth/request";
import { downloadFileName, exportDownload } from "@/lib/datasets/export/download";
import { DownloadQuery } from "@/lib/datasets/export/options";
import { appExportPool } from "@/lib/datasets/export/pool";
import { findExportableVersion } from "@/lib/datasets/export/version";
import { parseInput, queryOf } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * A READY version's export, streamed as a download:
 * `?format=sft|sharegpt|alpaca|dpo&fileType=jsonl|parquet[&testFraction=0.1&split=train|test][&metadata=true]`.
 * Every refusal (bad query, unknown tag, a version being cut, no pairs for DPO) is a JSON error
 * before the first byte; after that the body streams from the database as the client reads it.
 */
export const GET = route<{ slug: string; tag: string }>(
  "dataset:export",
  async ({ request, principal, projectId, audit }, params) => {
    const query = parseInput(DownloadQuery, queryOf(request), "export query");
    const pool = appExportPool();
    const version = await findExportableVersion({ pool, projectId, tag: params.tag, format: query.format });
    const fileName = downloadFileName({
      project: params.slug,
      tag: version.tag,
      format: query.format,
      split: query.split,
      fileType: query.fileType,
    });
    await audit(
      "dataset.export",
      { type: "dataset_version", id: version.id },
      {
        after: {
          tag: version.tag,
          format: query.format,
          fileType: query.fileType,
          testFraction: query.testFraction ?? null,
          split: query.split ?? null,
          metadata: query.metadata ?? false,
          via: "download",
        },
      },
    );
    return exportDownload({
      pool,
      version,
      format: query.format,
      fileType: query.fileType,
      testFraction: query.testFraction,
      split: query.split ?? "train",
      fileName,
      createdById: principal.userId,
      signal: request.signal,
      metadata: query.metadata,
    });
  },
  { project: "slug" },
);
