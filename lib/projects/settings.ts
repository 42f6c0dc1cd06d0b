import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http";
import { LLM_ROLES, type LlmRoleName } from "@/lib/model-roles";
import { bindProjectRole } from "@/lib/llm/profiles";
import { ProjectConfig, RoleBindingsInput, UpdateProjectInput } from "@/lib/projects/config-types";
import { ProjectSettings } from "@/lib/synthesis/settings";

/** A project's configuration as the settings screen shows it: stored settings and the defaults they fill. */
export async function getProjectConfig({ db, projectId }: { db: Db; projectId: string }): Promise<ProjectConfig> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    include: { roleBindings: { select: { role: true, endpointProfileId: true } } },
  });
  if (!project) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  const stored = (project.settings ?? {}) as Record<string, unknown>;
  const parsed = ProjectSettings.safeParse(stored);
  return {
    id: project.id,
    slug: project.slug,
    name: project.name,
    languages: project.languages,
    storedSettings: stored,
    // Settings stored before a rule changed may no longer parse: show the stored ones, and the form names what is wrong.
    settings: parsed.success ? parsed.data : stored,
    bindings: Object.fromEntries(project.roleBindings.map((b) => [b.role.toLowerCase(), b.endpointProfileId])),
    snippetCount: project.snippetCount,
  };
}

/**
 * Changes a project's name, languages and/or protocol settings (the settings as a whole object,
 * stored as given so that defaults that change later still apply). Runs already started keep their
 * copy. Returns what changed, for the audit.
 */
export async function updateProject({ db, projectId, input }: { db: Db; projectId: string; input: UpdateProjectInput }) {
  const change = UpdateProjectInput.parse(input);
  // Checked by the schema every run reads them with; a 400 names every bad field, and the form shows each beside it.
  if (change.settings) parseInput(ProjectSettings, change.settings, "project settings", { fields: true });
  const before = await db.project.findUnique({ where: { id: projectId }, select: { name: true, languages: true, settings: true } });
  if (!before) throw new AppError("NOT_FOUND", `No project ${projectId}.`);
  const after = await db.project.update({
    where: { id: projectId },
    data: { name: change.name, languages: change.languages, settings: change.settings as Prisma.InputJsonValue | undefined },
    select: { name: true, languages: true, settings: true },
  });
  return { before, after };
}

/** `path.to.key=value` on a settings object: the value as JSON when it is JSON (numbers, booleans, lists), else a string. */
export function applySettingAssignment(settings: Record<string, unknown>, assignment: string): void {
  const at = assignment.indexOf("=");
  if (at <= 0) throw new AppError("BAD_REQUEST", `--set ${assignment}: write it as path=value, e.g. discussion.debate=true`);
  const text = assignment.slice(at + 1).trim();
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // a plain string
  }
  applySettingValue(settings, assignment.slice(0, at).trim(), value);
}

/** Sets `path.to.key` on a settings object, making the objects on the way. */
export function applySettingValue(settings: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = settings;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** Binds (or, with null, unbinds) the project's LLM roles to endpoint profiles; every profile named must exist. */
export async function setRoleBindings({ db, projectId, input }: { db: Db; projectId: string; input: RoleBindingsInput }) {
  const { bindings } = RoleBindingsInput.parse(input);
  const ids = [...new Set(Object.values(bindings).filter((id): id is string => !!id))];
  const found = await db.endpointProfile.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((profile) => profile.id === id));
  if (missing.length) throw new AppError("BAD_REQUEST", `No endpoint profile ${missing.join(", ")}; add it under Model endpoints first.`);
  const before = await db.projectRoleBinding.findMany({ where: { projectId }, select: { role: true, endpointProfileId: true } });
  for (const role of LLM_ROLES) {
    const id = bindings[role];
    if (id === undefined) continue;
    if (id === null) await db.projectRoleBinding.deleteMany({ where: { projectId, role: role.toUpperCase() as Uppercase<LlmRoleName> } });
    else await bindProjectRole({ db, projectId, role, endpointProfileId: id });
  }
  const after = await db.projectRoleBinding.findMany({ where: { projectId }, select: { role: true, endpointProfileId: true } });
  const view = (rows: { role: string; endpointProfileId: string }[]) =>
    Object.fromEntries(rows.map((row) => [row.role.toLowerCase(), row.endpointProfileId]));
  return { before: view(before), after: view(after) };
}
