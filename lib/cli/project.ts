import { createDb, type Prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { parseProjectSettings } from "@/lib/synthesis/settings";

/** `key.path=value`: the value as JSON when it is JSON (numbers, booleans, lists), else a string. */
function applySetting(settings: Record<string, unknown>, assignment: string): void {
  const at = assignment.indexOf("=");
  if (at <= 0) throw new AppError("BAD_REQUEST", `--set ${assignment}: write it as path=value, e.g. discussion.debate=true`);
  const keys = assignment.slice(0, at).trim().split(".");
  const text = assignment.slice(at + 1).trim();
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // a plain string
  }
  let node = settings;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** `rosetta project settings --project <slug> [--set path=value …]`: shows, and changes, the protocol settings. */
export async function projectSettings(options: { project: string; set?: string[] }): Promise<number> {
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-project" });
  try {
    const project = await db.project.findUnique({ where: { slug: options.project }, select: { id: true, settings: true } });
    if (!project) throw new AppError("NOT_FOUND", `No project "${options.project}".`);
    const stored = structuredClone((project.settings ?? {}) as Record<string, unknown>);
    for (const assignment of options.set ?? []) applySetting(stored, assignment);
    const settings = parseProjectSettings(stored); // refuses anything invalid, naming the field
    if (options.set?.length) {
      await db.project.update({ where: { id: project.id }, data: { settings: stored as Prisma.InputJsonValue } });
      await auditCli(db, { action: "project.settings", targetType: "project", targetId: project.id, projectId: project.id, before: project.settings, after: stored });
      console.error(`Saved ${options.set.length} setting(s); runs started from now on use them.`);
    }
    console.log(JSON.stringify(settings, null, 2));
    return 0;
  } finally {
    await db.$disconnect();
  }
}
