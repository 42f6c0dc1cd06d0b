import { z } from "zod";
import { FILE_TYPES, FORMAT_NAMES } from "@/lib/datasets/export/formats";

/** What an export is asked for, from the CLI's options or a download's query; refused here, before anything is read. */
export const ExportOptions = z
  .object({
    format: z.enum(FORMAT_NAMES, { error: `unknown format (formats: ${FORMAT_NAMES.join(", ")})` }),
    fileType: z.enum(FILE_TYPES, { error: `unknown file type (file types: ${FILE_TYPES.join(", ")})` }).default("jsonl"),
    testFraction: z.coerce
      .number({ error: "a number between 0 and 1" })
      .gt(0, "a number between 0 and 1")
      .lt(1, "a number between 0 and 1")
      .optional(),
    /** Per-record metadata (lib/datasets/export/metadata.ts): a flag on the CLI, "true"/"false" in a download's query. */
    metadata: z
      .preprocess((value) => (value === "true" ? true : value === "false" ? false : value), z.boolean({ error: "true or false" }))
      .optional(),
  })
  .strict();
export type ExportOptions = z.infer<typeof ExportOptions>;

/** A download is one side of the split: `split` goes with `testFraction`. */
export const DownloadQuery = ExportOptions.extend({ split: z.enum(["train", "test"], { error: "train or test" }).optional() })
  .strict()
  .refine((query) => !(query.metadata && query.format === "dpo"), {
    message: "metadata goes with the item formats (sft, sharegpt, alpaca), not with dpo pairs",
    path: ["metadata"],
  })
  .refine((query) => (query.split === undefined) === (query.testFraction === undefined), {
    message: "split (train or test) and testFraction go together",
    path: ["split"],
  });
export type DownloadQuery = z.infer<typeof DownloadQuery>;

/** The trainer configs for a download: what names the files (format, file type, whether there is a test side). */
export const TrainingQuery = ExportOptions.pick({ format: true, fileType: true, testFraction: true }).strict();
export type TrainingQuery = z.infer<typeof TrainingQuery>;
