import { strToU8, zipSync } from "fflate";
import { downloadFileName } from "@/lib/datasets/export/download";
import type { FileTypeName, FormatName } from "@/lib/datasets/export/formats";
import type { Split } from "@/lib/datasets/export/split";
import { TRAINING_DIR, trainingConfigs } from "@/lib/datasets/export/training";

/**
 * The training folder for what the studio's download links give (one file per side, named as
 * download.ts names them), as a zip to unpack beside the downloaded files. Small and generated whole:
 * it holds only configs, never data.
 */
export function trainingZip({
  project,
  tag,
  format,
  fileType,
  testFraction,
}: {
  project: string;
  tag: string;
  format: FormatName;
  fileType: FileTypeName;
  testFraction?: number | null;
}): { fileName: string; bytes: Uint8Array } {
  const sides: (Split | undefined)[] = testFraction ? ["train", "test"] : [undefined];
  const files = sides.map((split) => ({ name: downloadFileName({ project, tag, format, split, fileType }), split: split ?? "train" }));
  const configs = trainingConfigs({ format, fileType, files, source: `version ${tag} of project ${project}` });
  // A fixed timestamp: the same query gives the same bytes.
  const mtime = new Date("2000-01-01T00:00:00Z");
  const bytes = zipSync(
    Object.fromEntries(configs.map((config) => [`${TRAINING_DIR}/${config.name}`, [strToU8(config.content), { mtime }]])),
  );
  // The data file's name with its type before `-training.zip`: "demo-v1-sft-jsonl-training.zip".
  const base = downloadFileName({ project, tag, format, fileType }).replace(/\.([a-z]+)$/, "-$1");
  return { fileName: `${base}-training.zip`, bytes };
}
