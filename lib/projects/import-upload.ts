import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import {
  SNIPPET_MAX_BYTES,
  ZIP_MAX_EXPANDED_BYTES,
  type UploadAs,
  type UploadFileResult,
  type UploadResult,
} from "@/lib/projects/config-types";
import type { ReceivedFile } from "@/lib/projects/receive-upload";
import { extractZip } from "@/lib/projects/unzip";
import { importSnippets, type ImportSummary } from "@/lib/synthesis/import/import-snippets";
import { isCodeFile } from "@/lib/synthesis/import/skip-rules";

function kindOf(name: string): UploadFileResult["kind"] {
  if (/\.zip$/i.test(name)) return "zip";
  if (/\.(jsonl|ndjson)$/i.test(name)) return "jsonl";
  return "code";
}

/** The import's summary as one file's result, with the temporary folder taken out of every place named. */
function resultOf(
  file: string,
  kind: UploadFileResult["kind"],
  summary: ImportSummary,
  root: string,
  extra: UploadFileResult["skipped"] = [],
): UploadFileResult {
  const local = (where: string) => where.split(root + path.sep).join("");
  const skipped = Object.entries(summary.reasons)
    .filter(([reason]) => reason !== "duplicate")
    .map(([reason, entry]) => ({ reason, count: entry!.count, examples: entry!.examples.map(local) }));
  return {
    file,
    kind,
    imported: summary.imported,
    duplicates: summary.reasons.duplicate?.count ?? 0,
    skipped: [...extra, ...skipped],
    error: null,
  };
}

/**
 * Imports what a person uploaded, each file on its own so that each gets its own result: a code
 * file (its language detected), a JSONL file (`{code, language?, path?, license?, repo?}` a line),
 * or a zip (extracted safely, then read like a folder). Stage 0 is `importSnippets`, the same as
 * `rosetta import`: the same detection, dedup, length filter and reasons.
 */
export async function importUploadedFiles({
  db,
  projectId,
  files,
  dir,
  as = "snippets",
}: {
  db: Db;
  projectId: string;
  files: ReceivedFile[];
  dir: string;
  /** "instructions": each file is an instruction set (.jsonl), its records imported as seed pairs. */
  as?: UploadAs;
}): Promise<UploadResult> {
  const results: UploadFileResult[] = [];
  for (const [index, file] of files.entries()) {
    const kind = kindOf(file.name);
    const options = { db, projectId, maxTokens: 1024, maxBytes: SNIPPET_MAX_BYTES, source: "UPLOAD" as const };
    if (as === "instructions") {
      if (kind !== "jsonl") {
        const reason = `${file.name} (an instruction set is a .jsonl file: {instruction, response}, {messages}, {conversations} or Alpaca records, one a line)`;
        results.push({
          file: file.name,
          kind: "instructions",
          imported: 0,
          duplicates: 0,
          skipped: [{ reason: "not-jsonl", count: 1, examples: [reason] }],
          error: null,
        });
        continue;
      }
      const summary = await importSnippets({ ...options, inputs: [file.path], instructions: { format: "auto" } });
      const result = resultOf(file.name, "instructions", summary, path.dirname(file.path));
      // An all-bad file is an error with its first reasons, not a quiet "0 imported".
      if (!summary.imported && !summary.reasons.duplicate)
        result.error = `Nothing could be imported: ${
          result.skipped
            .flatMap((s) => s.examples.map((e) => `${s.reason}: ${e}`))
            .slice(0, 3)
            .join("; ") || "no records"
        }.`;
      results.push(result);
    } else if (kind === "jsonl") {
      results.push(resultOf(file.name, kind, await importSnippets({ ...options, inputs: [file.path] }), path.dirname(file.path)));
    } else if (kind === "zip") {
      const root = path.join(dir, `zip-${index}`);
      await mkdir(root, { recursive: true });
      const extracted = await extractZip({
        zipPath: file.path,
        dest: root,
        maxEntryBytes: SNIPPET_MAX_BYTES,
        maxTotalBytes: ZIP_MAX_EXPANDED_BYTES,
      });
      const refused: UploadFileResult["skipped"] = [];
      for (const skip of extracted.skipped) {
        let entry = refused.find((r) => r.reason === skip.reason);
        if (!entry) refused.push((entry = { reason: skip.reason, count: 0, examples: [] }));
        entry.count += 1;
        if (entry.examples.length < 5) entry.examples.push(skip.detail ? `${skip.where} (${skip.detail})` : skip.where);
      }
      if (extracted.files === 0 && !refused.length) {
        results.push({
          file: file.name,
          kind,
          imported: 0,
          duplicates: 0,
          skipped: [],
          error: "No files in it: an empty zip, or not a whole zip (cut short, or no zip at all).",
        });
        continue;
      }
      results.push(resultOf(file.name, kind, await importSnippets({ ...options, inputs: [root] }), root, refused));
    } else if (!(await isCodeFile(file.path))) {
      results.push({
        file: file.name,
        kind,
        imported: 0,
        duplicates: 0,
        skipped: [
          {
            reason: "not-code",
            count: 1,
            examples: [
              `${file.name} (code files end in .py, .js, .ts, .java, .cpp, .cs, .php, .sh, .go, .rs… or, without an extension, start with #!; JSONL in .jsonl; archives in .zip)`,
            ],
          },
        ],
        error: null,
      });
    } else {
      // Alone in its folder: read as `rosetta import` reads a folder's files.
      results.push(
        resultOf(file.name, kind, await importSnippets({ ...options, inputs: [path.dirname(file.path)] }), path.dirname(file.path)),
      );
    }
  }
  return {
    files: results,
    imported: results.reduce((sum, r) => sum + r.imported, 0),
    skipped: results.reduce((sum, r) => sum + r.duplicates + r.skipped.reduce((s, x) => s + x.count, 0), 0),
  };
}
