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
import { importSnippets } from "@/lib/synthesis/import/import-snippets";

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
});

const number = new Intl.NumberFormat("en");

/** `rosetta import <paths…> --project <slug>`: stage 0, with progress and a summary. */
export async function runImport(paths: string[], raw: Record<string, string>): Promise<number> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`).join("; ")}`,
    );
  const options = parsed.data;
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
      inputs: paths,
      maxTokens: options.maxTokens,
      maxBytes: options.maxBytes,
      onProgress: ({ seen, imported, skipped }) =>
        progress.update(
          `${number.format(seen)} seen · ${number.format(imported)} imported · ${number.format(skipped)} skipped · ${number.format(Math.round(seen / ((Date.now() - started) / 1000 || 1)))}/s`,
        ),
    });
    await auditCli(db, {
      action: "snippets.import",
      targetType: "project",
      targetId: project.id,
      projectId: project.id,
      after: { inputs: paths, imported: summary.imported, skipped: summary.skipped, contaminated: summary.contaminated.count },
    });
    progress.done(`${number.format(summary.seen)} seen in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
    console.log(
      `Imported ${number.format(summary.imported)} snippet(s) into "${project.slug}"; skipped ${number.format(summary.skipped)}.`,
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
    return 0;
  } finally {
    await db.$disconnect();
  }
}
