import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { CreateProjectInput } from "@/lib/projects/config-types";
import { createProject } from "@/lib/projects/create-project";
import { applySettingAssignment, updateProject } from "@/lib/projects/settings";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** `rosetta project settings --project <slug> [--set path=value …]`: shows, and changes, the protocol settings. */
export async function projectSettings(options: { project: string; set?: string[] }): Promise<number> {
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-project" });
  try {
    const project = await db.project.findUnique({ where: { slug: options.project }, select: { id: true, settings: true } });
    if (!project) throw new AppError("NOT_FOUND", `No project "${options.project}".`);
    const stored = structuredClone((project.settings ?? {}) as Record<string, unknown>);
    for (const assignment of options.set ?? []) applySettingAssignment(stored, assignment);
    if (options.set?.length) {
      // The same validation and storage as the studio's settings form.
      const { before, after } = await updateProject({ db, projectId: project.id, input: { settings: stored } });
      await auditCli(db, {
        action: "project.settings",
        targetType: "project",
        targetId: project.id,
        projectId: project.id,
        before: before.settings,
        after: after.settings,
      });
      console.error(`Saved ${options.set.length} setting(s); runs started from now on use them.`);
    }
    console.log(JSON.stringify(parseProjectSettings(stored), null, 2));
    return 0;
  } finally {
    await db.$disconnect();
  }
}

/** `rosetta project create --project <slug> [--name <name>] [--languages a,b]`: the same as the studio's form. */
export async function createProjectCommand(options: { project: string; name?: string; languages?: string }): Promise<number> {
  const parsed = CreateProjectInput.safeParse({
    slug: options.project,
    name: options.name ?? options.project,
    languages: options.languages
      ?.split(",")
      .map((l) => l.trim())
      .filter(Boolean),
  });
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${i.path[0] === "slug" ? "project" : String(i.path[0])}: ${i.message}`).join("; ")}`,
    );
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-project" });
  try {
    const project = await createProject({ db, input: parsed.data });
    await auditCli(db, { action: "project.create", targetType: "project", targetId: project.id, projectId: project.id, after: project });
    console.log(`Created project "${project.slug}" (${project.languages.join(", ") || "all languages"}).`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
