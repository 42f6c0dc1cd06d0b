import { z } from "zod";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { progressLine } from "@/lib/cli/progress";
import { LANGUAGES } from "@/lib/languages";
import { createProject } from "@/lib/projects/create-project";
import { ProjectSlug } from "@/lib/projects/config-types";
import { importSnippets, type ImportSummary } from "@/lib/synthesis/import/import-snippets";
import { INSTRUCTION_FORMATS } from "@/lib/synthesis/import/instruction-records";

const Options = z.object({
  project: ProjectSlug,
  maxTokens: z.coerce.number().int().positive(),
  maxBytes: z.coerce.number().int().positive(),
  languages: z
    .string()
    .optional()
    .transform((list) =>
      list
        ?.split(",")
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(LANGUAGES)).optional()),
  instructions: z.string().min(1).optional(),
  format: z.enum(INSTRUCTION_FORMATS).default("auto"),
  license: z.string().trim().min(1).max(200).optional(),
  sourceName: z.string().trim().min(1).max(300).optional(),
});

const number = new Intl.NumberFormat("en");

/**
 * `rosetta import <paths…> --project <slug>`: stage 0, with progress and a summary.
 * `rosetta import --instructions <file.jsonl> --project <slug>`: an existing instruction set as seed pairs.
 * Exit 0 when something went in (with a warning line when lines were skipped), 2 when nothing of
 * an instruction set could be imported.
 */
export async function runImport(paths: string[], raw: Record<string, string>): Promise<number> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join("; ")}`,
    );
  const options = parsed.data;
  if (!options.instructions && !paths.length)
    throw new AppError(
      "BAD_REQUEST",
      "Nothing to import: give folders, git working trees or .jsonl files, or --instructions <file.jsonl>.",
    );
  if (options.instructions && paths.length)
    throw new AppError("BAD_REQUEST", "Import an instruction set (--instructions) on its own, not with snippet paths.");
  const instructions = options.instructions
    ? { format: options.format, license: options.license, sourceName: options.sourceName }
    : undefined;
  const inputs = options.instructions ? [options.instructions] : paths;
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-import" });
  try {
    let project = await db.project.findUnique({
      where: { slug: options.project },
      select: { id: true, slug: true, name: true, languages: true },
    });
    if (!project) {
      project = await createProject({ db, input: { slug: options.project, name: options.project, languages: options.languages ?? [] } });
      await auditCli(db, {
        action: "project.create",
        targetType: "project",
        targetId: project.id,
        projectId: project.id,
        after: { slug: project.slug, languages: project.languages },
      });
      console.log(`Created project "${project.slug}"${options.languages ? ` (${options.languages.join(", ")})` : " (all languages)"}.`);
    }
    const progress = progressLine("importing");
    const started = Date.now();
    const summary = await importSnippets({
      db,
      projectId: project.id,
      inputs,
      instructions,
      maxTokens: options.maxTokens,
      maxBytes: options.maxBytes,
      onProgress: ({ seen, imported, skipped }) =>
        progress.update(
          `${number.format(seen)} seen · ${number.format(imported)} imported · ${number.format(skipped)} skipped · ${number.format(Math.round(seen / ((Date.now() - started) / 1000 || 1)))}/s`,
        ),
    });
    await auditCli(db, {
      action: instructions ? "snippets.import-instructions" : "snippets.import",
      targetType: "project",
      targetId: project.id,
      projectId: project.id,
      after: {
        inputs,
        ...(instructions ? { format: instructions.format } : {}),
        imported: summary.imported,
        skipped: summary.skipped,
        contaminated: summary.contaminated.count,
      },
    });
    progress.done(`${number.format(summary.seen)} seen in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    console.log(
      `Imported ${number.format(summary.imported)} ${instructions ? "instruction pair(s)" : "snippet(s)"} into "${project.slug}"; skipped ${number.format(summary.skipped)}.`,
    );
    for (const [language, count] of Object.entries(summary.byLanguage).sort((a, b) => b[1] - a[1]))
      console.log(`  ${language.padEnd(12)} ${number.format(count)}`);
    for (const [reason, { count, examples }] of Object.entries(summary.reasons)) {
      console.log(`  skipped, ${reason}: ${number.format(count)}`);
      for (const example of examples) console.log(`    ${example}`);
    }
    if (summary.contaminated.count) {
      console.log(
        `  ${number.format(summary.contaminated.count)} imported snippet(s) are benchmark problems (flagged; the seed stage skips them):`,
      );
      for (const example of summary.contaminated.examples) console.log(`    ${example}`);
    }
    return instructions ? instructionsExit(summary) : 0;
  } finally {
    await db.$disconnect();
  }
}

/** An instruction set: a warning when lines were skipped, exit 2 (with the first reasons) when none could be imported. */
function instructionsExit(summary: ImportSummary): number {
  const bad = summary.skipped - (summary.reasons.duplicate?.count ?? 0);
  if (!summary.imported && !summary.reasons.duplicate) {
    const first = Object.entries(summary.reasons).flatMap(([reason, entry]) => entry.examples.map((e) => `${reason}: ${e}`));
    console.error(
      `✖ Nothing could be imported from the instruction set${first.length ? `; first reasons:\n  ${first.slice(0, 5).join("\n  ")}` : " (no records)."}`,
    );
    return 2;
  }
  if (bad) console.error(`⚠ ${number.format(bad)} line(s) skipped (reasons above, with line numbers).`);
  return 0;
}
