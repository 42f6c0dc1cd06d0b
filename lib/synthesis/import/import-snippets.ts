import { stat } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { uuidv7 } from "@/lib/ids";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { decontaminationOn } from "@/lib/quality/check-candidates";
import { projectContaminationIndex } from "@/lib/quality/project-index";
import type { ContaminationIndex } from "@/lib/quality/types";
import { detectLanguage, normalizeLanguageName } from "@/lib/synthesis/import/detect-language";
import { countCodeTokens, normalizedHash } from "@/lib/synthesis/import/normalize";
import type { InstructionFormat } from "@/lib/synthesis/import/instruction-records";
import { instructionPairs } from "@/lib/synthesis/import/instruction-source";
import { folderSnippets, jsonlSnippets, type Found, type SkipReason } from "@/lib/synthesis/import/sources";

export type ImportSkipReason = SkipReason | "unknown-language" | "language-not-in-project" | "too-long" | "duplicate";

export interface ImportProgress {
  seen: number;
  imported: number;
  skipped: number;
}

export interface ImportSummary extends ImportProgress {
  /** Per reason: how many, and the first few places (file or file:line) with details. */
  reasons: Partial<Record<ImportSkipReason, { count: number; examples: string[] }>>;
  byLanguage: Record<string, number>;
  /** Imported snippets that are benchmark problems (flagged, kept; the seed stage skips them): how many, and the first few with the task. */
  contaminated: { count: number; examples: string[] };
  elapsedMs: number;
}

const BATCH = 1_000;
const EXAMPLES = 5;

/** What an instruction-set import is told: the records' shape (or auto), and provenance for records that carry none. */
export interface InstructionImport {
  format: InstructionFormat;
  license?: string;
  sourceName?: string;
}

async function* sourcesOf(inputs: string[], maxBytes: number, instructions?: InstructionImport): AsyncGenerator<Found> {
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) throw new AppError("BAD_REQUEST", `${input}: no such file or folder.`);
    if (instructions) {
      if (info.isDirectory() || !/\.(jsonl|ndjson)$/i.test(input))
        throw new AppError("BAD_REQUEST", `${input}: an instruction set is a .jsonl file, one record a line.`);
      yield* instructionPairs(input, {
        maxBytes,
        format: instructions.format,
        license: instructions.license,
        repo: instructions.sourceName,
      });
    } else if (info.isDirectory()) yield* folderSnippets(input, { maxBytes });
    else if (/\.(jsonl|ndjson)$/i.test(input)) yield* jsonlSnippets(input, { maxBytes });
    else throw new AppError("BAD_REQUEST", `${input}: import takes folders, git working trees and .jsonl files.`);
  }
}

/**
 * Stage 0: streams snippets from folders, git working trees and JSONL into a project, one batch at
 * a time (memory stays flat however many there are). Each snippet gets a language (given, or
 * detected), a normalised hash (exact duplicates are dropped, also against what the project
 * already has), a token count (over `maxTokens` is dropped) and its provenance. Whatever is
 * skipped is counted with its reason.
 */
export async function importSnippets({
  db,
  projectId,
  inputs,
  maxTokens = 1024,
  maxBytes = 256 * 1024,
  source,
  instructions,
  onProgress,
}: {
  db: Db;
  projectId: string;
  inputs: string[];
  maxTokens?: number;
  maxBytes?: number;
  /** Overrides where the rows say they came from (files uploaded through the studio). */
  source?: "UPLOAD";
  /** Read the inputs as instruction pairs (each becomes a snippet with an instruction, source INSTRUCTIONS). */
  instructions?: InstructionImport;
  onProgress?: (progress: ImportProgress) => void;
}): Promise<ImportSummary> {
  const started = Date.now();
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { languages: true } });
  const allowed = new Set(project.languages);
  const summary: ImportSummary = {
    seen: 0,
    imported: 0,
    skipped: 0,
    reasons: {},
    byLanguage: {},
    contaminated: { count: 0, examples: [] },
    elapsedMs: 0,
  };
  // Snippets are checked as code (no statement): a leaked canonical solution, in any language.
  const index: ContaminationIndex | null = (await decontaminationOn(db, projectId)) ? await projectContaminationIndex(db, projectId) : null;
  const skip = (reason: ImportSkipReason, where: string, detail?: string, count = 1) => {
    summary.skipped += count;
    const entry = (summary.reasons[reason] ??= { count: 0, examples: [] });
    entry.count += count;
    if (entry.examples.length < EXAMPLES) entry.examples.push(detail ? `${where} (${detail})` : where);
  };
  const seenHashes = new Set<string>();
  interface Row {
    id: string;
    code: string;
    language: string;
    contentHash: string;
    tokenCount: number;
    source: "FOLDER" | "GIT" | "JSONL" | "UPLOAD" | "INSTRUCTIONS";
    instruction: string | null;
    path: string | null;
    repo: string | null;
    license: string | null;
    contamination: string | null;
  }
  let batch: { data: Row; where: string }[] = [];

  // One batch's insert in flight while the next is read and checked (detection, hashing, the
  // contamination check are CPU work here; the insert is the database's): at most one at a time, so
  // the rows go in, and are counted, in the order they were read.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await inFlight;
    inFlight = insertBatch(rows);
    inFlight.catch(() => {}); // awaited at the next flush or at the end, where a failure is thrown
  };
  const insertBatch = async (rows: { data: Row; where: string }[]) => {
    // One statement per batch: ON CONFLICT drops duplicates of snippets the project already has
    // (an earlier or a concurrent import), RETURNING says which rows went in.
    const column = <T>(pick: (row: (typeof rows)[number]["data"]) => T) => rows.map((row) => pick(row.data));
    const inserted = await db.$queryRaw<{ content_hash: string; language: string; contaminated: boolean }[]>`
      insert into snippets (id, project_id, code, language, content_hash, token_count, source, instruction, path, repo, license, contamination, updated_at)
      select id, ${projectId}::uuid, code, language, content_hash, token_count, source::snippet_source, instruction, path, repo, license, contamination, now()
        from unnest(${column((d) => d.id)}::uuid[], ${column((d) => d.code)}::text[], ${column((d) => d.language)}::text[],
                    ${column((d) => d.contentHash)}::text[], ${column((d) => d.tokenCount)}::int[], ${column((d) => d.source)}::text[], ${column((d) => d.instruction)}::text[],
                    ${column((d) => d.path)}::text[], ${column((d) => d.repo)}::text[], ${column((d) => d.license)}::text[],
                    ${column((d) => d.contamination)}::jsonb[])
             as t(id, code, language, content_hash, token_count, source, instruction, path, repo, license, contamination)
      on conflict (project_id, content_hash) do nothing
      returning content_hash, language, contamination is not null as contaminated`;
    const fresh = new Set(inserted.map((row) => row.content_hash));
    for (const row of inserted) summary.byLanguage[row.language] = (summary.byLanguage[row.language] ?? 0) + 1;
    for (const row of rows) if (!fresh.has(row.data.contentHash)) skip("duplicate", row.where, "already in the project");
    for (const row of rows) {
      if (!row.data.contamination || !fresh.has(row.data.contentHash)) continue;
      summary.contaminated.count += 1;
      const hit = JSON.parse(row.data.contamination) as { benchmark: string; taskId: string };
      if (summary.contaminated.examples.length < EXAMPLES) summary.contaminated.examples.push(`${row.where} (${hit.taskId})`);
    }
    summary.imported += inserted.length;
    onProgress?.({ seen: summary.seen, imported: summary.imported, skipped: summary.skipped });
  };

  for await (const found of sourcesOf(inputs, maxBytes, instructions)) {
    summary.seen += 1;
    if (found.kind === "skipped") {
      skip(found.reason, found.where, found.detail);
      continue;
    }
    let language: string | undefined;
    if (found.language) {
      language = normalizeLanguageName(found.language);
      if (!language) {
        skip("unknown-language", found.where, `"${found.language}"`);
        continue;
      }
    } else {
      const detected = detectLanguage({ code: found.code, filePath: found.path });
      if (detected === "other") {
        skip("unknown-language", found.where, "not one of the ten languages");
        continue;
      }
      language = detected;
    }
    if (allowed.size && !allowed.has(language)) {
      skip("language-not-in-project", found.where, language);
      continue;
    }
    const tokenCount = countCodeTokens(found.code);
    if (tokenCount > maxTokens) {
      skip("too-long", found.where, `${tokenCount} tokens > ${maxTokens}`);
      continue;
    }
    // A pair is its instruction and its response together: the same answer to two questions is two pairs.
    const contentHash =
      found.instruction === undefined ? normalizedHash(found.code) : normalizedHash(`${found.instruction}\n\u0000\n${found.code}`);
    if (seenHashes.has(contentHash)) {
      skip("duplicate", found.where);
      continue;
    }
    seenHashes.add(contentHash);
    const hit = index?.check({ language, instruction: found.instruction ?? "", solution: found.code }) ?? null;
    batch.push({
      where: found.where,
      data: {
        id: uuidv7(),
        code: found.code,
        language,
        contentHash,
        tokenCount,
        source: found.source === "INSTRUCTIONS" ? "INSTRUCTIONS" : (source ?? found.source),
        instruction: found.instruction ?? null,
        path: found.path ?? null,
        repo: found.repo ?? null,
        license: found.license ?? null,
        contamination: hit ? JSON.stringify(hit) : null,
      },
    });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  await inFlight;
  await enqueueJob(db, "project.refresh-snippet-count", { projectId }, { jobKey: `snippet-count:${projectId}` });
  summary.elapsedMs = Date.now() - started;
  return summary;
}
