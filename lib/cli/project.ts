import { readFile } from "node:fs/promises";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { formatCliError } from "@/lib/cli/output";
import { describeReviewSettings } from "@/lib/review/describe-review";
import { CreateProjectInput } from "@/lib/projects/config-types";
import { createProject } from "@/lib/projects/create-project";
import { applySettingAssignment, applySettingValue, updateProject } from "@/lib/projects/settings";
import { describePresetLine, formatOverrides, isPresetId, PRESET_IDS, PRESETS } from "@/lib/synthesis/presets";
import { describeProtocol } from "@/lib/synthesis/protocol";

/** Exit code of bad input (a usage error), as opposed to 1 for a failure of Rosetta's own. */
const BAD_INPUT = 2;

/** A preset name given on the command line: false (after saying which ones exist) when there is no such preset. */
function checkPreset(preset: string | undefined): boolean {
  if (preset === undefined || isPresetId(preset)) return true;
  console.error(
    `✖ --preset: no preset "${preset}"; the presets are ${PRESET_IDS.join(", ")} (rosetta project presets lists what each sets).`,
  );
  return false;
}

/**
 * A `--rubric` file: the project's rubric questions as a JSON array (lib/review/rubric-types.ts);
 * the settings schema checks the questions themselves when they are saved.
 */
async function readRubricFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new AppError("BAD_REQUEST", `--rubric ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "unreadable"}).`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError("BAD_REQUEST", `--rubric ${file}: not JSON (${(error as Error).message}); write the questions as a JSON array.`);
  }
}

type SettingsOptions = { project: string; set?: string[]; preset?: string; rubric?: string };

/**
 * `rosetta project settings --project <slug> [--preset <name>] [--set path=value …] [--rubric <file.json>]`:
 * shows, and changes, the protocol and review settings. A new preset keeps the project's own values
 * over it. Bad input (a malformed --set, an unreadable rubric file, a value the schema refuses, named
 * by its field) exits 2 and changes nothing.
 */
export async function projectSettings(options: SettingsOptions): Promise<number> {
  if (!checkPreset(options.preset)) return BAD_INPUT;
  try {
    return await changeProjectSettings(options);
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) {
      console.error(formatCliError(error));
      return BAD_INPUT;
    }
    throw error;
  }
}

async function changeProjectSettings(options: SettingsOptions): Promise<number> {
  const rubric = options.rubric === undefined ? undefined : await readRubricFile(options.rubric);
  const db = createDb(await commandDatabaseUrl(env), { applicationName: "rosetta-project" });
  try {
    const project = await db.project.findUnique({ where: { slug: options.project }, select: { id: true, settings: true } });
    if (!project) throw new AppError("NOT_FOUND", `No project "${options.project}".`);
    const stored = structuredClone((project.settings ?? {}) as Record<string, unknown>);
    if (options.preset) stored.preset = options.preset;
    for (const assignment of options.set ?? []) applySettingAssignment(stored, assignment);
    if (rubric !== undefined) applySettingValue(stored, "review.rubric", rubric);
    const changes = (options.set?.length ?? 0) + (rubric === undefined ? 0 : 1);
    if (changes || options.preset) {
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
      console.error(
        `Saved ${options.preset ? `the ${PRESETS[options.preset as keyof typeof PRESETS].label} preset and ` : ""}${changes} setting(s); runs started from now on use them${rubric === undefined ? "" : ", and decisions from now on answer the rubric"}.`,
      );
    }
    const view = describeProtocol(stored);
    console.error(`Protocol: ${describePresetLine({ id: view.preset, label: view.label, overrides: view.overrides })}`);
    console.error(`Review: ${describeReviewSettings(view.effective.review)}`);
    console.log(JSON.stringify(view.effective, null, 2));
    return 0;
  } finally {
    await db.$disconnect();
  }
}

/** `rosetta project presets`: each protocol preset, what it sets and why. */
export function listPresetsCommand(): number {
  for (const preset of Object.values(PRESETS)) {
    console.log(`${preset.id} (${preset.label}): ${preset.description}`);
    if (!preset.values.length) console.log("  sets nothing: every value is the schema's default");
    for (const value of preset.values) console.log(`  ${formatOverrides([value])}  — ${value.reason} (${value.source})`);
    console.log("");
  }
  return 0;
}

/** `rosetta project create --project <slug> [--name <name>] [--languages a,b] [--preset <name>]`: the same as the studio's form. */
export async function createProjectCommand(options: {
  project: string;
  name?: string;
  languages?: string;
  preset?: string;
}): Promise<number> {
  if (!checkPreset(options.preset)) return BAD_INPUT;
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
    const settings = options.preset ? { preset: options.preset } : {};
    if (options.preset) await updateProject({ db, projectId: project.id, input: { settings } });
    await auditCli(db, {
      action: "project.create",
      targetType: "project",
      targetId: project.id,
      projectId: project.id,
      after: { ...project, settings },
    });
    console.log(
      `Created project "${project.slug}" (${project.languages.join(", ") || "all languages"})${options.preset ? ` with the ${PRESETS[options.preset as keyof typeof PRESETS].label} preset` : ""}.`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}
