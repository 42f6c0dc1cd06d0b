import { z } from "zod";
import { LLM_ROLES } from "@/lib/model-roles";
import { DpoReport } from "@/lib/projects/dpo-report-types";
import { LANGUAGES } from "@/lib/languages";

/**
 * The projects screen's shapes, shared by the API (which validates requests with them) and the
 * browser (which validates answers, and checks a form before sending it).
 */

export const PROJECT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const ProjectSlug = z
  .string()
  .regex(PROJECT_SLUG, "a slug: lower-case letters, digits and dashes, starting with a letter or digit")
  .refine((slug) => slug !== "new", '"new" is taken by the new-project page');

export const CreateProjectInput = z.object({
  name: z.string().trim().min(1, "a name is needed").max(200),
  slug: ProjectSlug,
  description: z.string().trim().max(2000).optional(),
  /** None: all ten languages. */
  languages: z.array(z.enum(LANGUAGES)).default([]),
});
export type CreateProjectInput = z.input<typeof CreateProjectInput>;

/** A change to a project: any of its name, languages and protocol settings (the whole settings object, validated by ProjectSettings). */
export const UpdateProjectInput = z.object({
  name: z.string().trim().min(1, "a name is needed").max(200).optional(),
  languages: z.array(z.enum(LANGUAGES)).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateProjectInput = z.input<typeof UpdateProjectInput>;

/** Role → endpoint profile; null unbinds the role. */
export const RoleBindingsInput = z.object({ bindings: z.partialRecord(z.enum(LLM_ROLES), z.uuid().nullable()) });
export type RoleBindingsInput = z.input<typeof RoleBindingsInput>;

export const ProjectConfig = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  languages: z.array(z.string()),
  /** What is stored (only what was set). */
  storedSettings: z.record(z.string(), z.unknown()),
  /** With every default filled in. */
  settings: z.record(z.string(), z.unknown()),
  bindings: z.partialRecord(z.enum(LLM_ROLES), z.string()),
  snippetCount: z.number().int(),
});
export type ProjectConfig = z.infer<typeof ProjectConfig>;

export const RUN_STAGES = ["SEED", "AGENTS", "DISCUSS", "VERIFY", "SOLVE", "DPO"] as const;
/** What a run does unless told otherwise: synthesis, then the independent check of every item. */
export const DEFAULT_RUN_STAGES: (typeof RUN_STAGES)[number][] = ["SEED", "AGENTS", "DISCUSS", "SOLVE"];
export const StartRunInput = z.object({
  stages: z.array(z.enum(RUN_STAGES)).min(1, "pick at least one stage").default(DEFAULT_RUN_STAGES),
  limit: z.number().int().positive().optional(),
});
export type StartRunInput = z.input<typeof StartRunInput>;

export const RunAction = z.object({ action: z.enum(["pause", "resume", "cancel"]) });

const StageLine = z.object({ stage: z.string(), total: z.number(), done: z.number(), failed: z.number(), pending: z.number() });
export const RunView = z.object({
  id: z.string(),
  status: z.string(),
  /** Once over with failures: the failures per stage in one line ("seed 3 of 40 failed; …"). */
  error: z.string().nullable(),
  stage: z.string().nullable(),
  stages: z.array(z.string()),
  round: z.number(),
  itemLimit: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: z.array(StageLine),
  tokens: z.number(),
  /** The most frequent failure reasons, most first (none when no item failed). */
  reasons: z.array(z.object({ stage: z.string(), reason: z.string(), count: z.number() })),
  /** A run with a DPO stage: its queries per language and outcome (lib/synthesis/dpo-report.ts). */
  dpo: DpoReport.nullable().default(null),
});
export type RunView = z.infer<typeof RunView>;
export const RunList = z.object({ items: z.array(RunView) });

/** What happened to one uploaded file (a zip or a JSONL file: to everything inside it). */
export const UploadFileResult = z.object({
  file: z.string(),
  kind: z.enum(["code", "jsonl", "zip", "instructions"]),
  imported: z.number().int(),
  duplicates: z.number().int(),
  /** Skipped, per reason, with the first few places (file, file:line or zip entry) and details. */
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int(), examples: z.array(z.string()) })),
  /** The whole file was refused (an unreadable zip, …). */
  error: z.string().nullable(),
});
export type UploadFileResult = z.infer<typeof UploadFileResult>;
/** What an upload's files are: code snippets (code files, JSONL of snippets, zips), or instruction pairs (JSONL of an instruction set). */
export const UPLOAD_AS = ["snippets", "instructions"] as const;
export type UploadAs = (typeof UPLOAD_AS)[number];
export const UploadResult = z.object({ files: z.array(UploadFileResult), imported: z.number().int(), skipped: z.number().int() });
export type UploadResult = z.infer<typeof UploadResult>;

/** One upload request's cap, all files together (a clear 413 above it). */
export const UPLOAD_MAX_BYTES = 32 * 1024 * 1024;
/** What a zip may expand to, all entries together (zip bombs), and one snippet file's cap (as `rosetta import`). */
export const ZIP_MAX_EXPANDED_BYTES = 64 * 1024 * 1024;
export const SNIPPET_MAX_BYTES = 256 * 1024;
