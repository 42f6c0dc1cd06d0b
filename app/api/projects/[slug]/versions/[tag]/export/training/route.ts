import { route } from "@/lib/auth/request";
import { appExportPool } from "@/lib/datasets/export/pool";
import { TrainingQuery } from "@/lib/datasets/export/options";
import { trainingZip } from "@/lib/datasets/export/training-zip";
import { findExportableVersion } from "@/lib/datasets/export/version";
import { parseInput, queryOf } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * The trainer configs (LLaMA-Factory, axolotl, TRL) for a version's download, as a zip of
 * `training/` naming the files the download links give:
 * `?format=sft|sharegpt|alpaca|dpo&fileType=jsonl|parquet[&testFraction=0.1]`. Refused like the
 * download itself (unknown tag, a version being cut, no pairs for DPO).
 */
export const GET = route<{ slug: string; tag: string }>(
  "dataset:export",
  async ({ request, projectId }, params) => {
    const query = parseInput(TrainingQuery, queryOf(request), "training configs query");
    const version = await findExportableVersion({ pool: appExportPool(), projectId, tag: params.tag, format: query.format });
    const { fileName, bytes } = trainingZip({ project: params.slug, tag: version.tag, ...query });
    return new Response(Buffer.from(bytes), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
  { project: "slug" },
);
