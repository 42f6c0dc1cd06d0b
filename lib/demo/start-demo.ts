import "server-only";
import path from "node:path";
import type { Principal } from "@/lib/auth/permissions";
import type { Db, Prisma } from "@/lib/db/client";
import { DEMO_SLUG, type DemoStarted } from "@/lib/demo/demo-types";
import { ensureScriptedEndpoint } from "@/lib/demo/model-server";
import { AppError } from "@/lib/errors";
import { createProject } from "@/lib/projects/create-project";
import { startProjectRun } from "@/lib/projects/start-run";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";
import { parseProjectSettings, type ProjectSettingsInput } from "@/lib/synthesis/settings";

/** The bundled snippets (HumanEval-X, Apache-2.0: README and LICENSE beside the file). */
const SNIPPETS = path.join(process.cwd(), "lib", "demo", "snippets", "humaneval-x.jsonl");

/**
 * The demo's protocol: debates, so that turns stream one after another; each agent rewrites in its
 * own language ("same"), where the scripted server's answers can follow the snippet; no sandbox,
 * which a newcomer's machine may not have (verification is one setting away). Its snippets ARE
 * benchmark problems (HumanEval-X): decontamination stays on and flags them, honestly, but the seed
 * stage takes them anyway (`seedContaminated`), or the demo would have nothing to show; a cut leaves
 * the flagged items out unless asked, and the demo's callout says so.
 */
const DEMO_SETTINGS: ProjectSettingsInput = {
  // Groups of three dealt across the four languages put each language first (the main agent) in turn.
  discussion: { debate: true, debateRounds: 1, groupSize: 3, targetPolicy: "same" },
  verification: { enabled: false },
  quality: { seedContaminated: true },
};

/**
 * "Try a demo project": the demo project with the bundled snippets, every role bound to the
 * built-in scripted model server (started now), and a run of seed → agents → discuss started.
 * When the demo exists already it is left as it is (its server started again if need be).
 */
export async function startDemo({ db, creator }: { db: Db; creator: Principal }): Promise<DemoStarted & { projectId: string }> {
  const existing = await db.project.findUnique({ where: { slug: DEMO_SLUG }, select: { id: true } });
  if (existing) {
    await ensureScriptedEndpoint(db);
    return { slug: DEMO_SLUG, created: false, runId: null, projectId: existing.id };
  }
  let project: { id: string };
  try {
    project = await createProject({
      db,
      creator,
      input: {
        slug: DEMO_SLUG,
        name: "Demo",
        description: "24 HumanEval-X problems (Apache-2.0) discussed by agents on the scripted demo model: no language model inside.",
        languages: ["python", "javascript", "go", "java"],
      },
    });
  } catch (error) {
    // Two clicks at once: the other one is making it.
    if (error instanceof AppError && error.code === "CONFLICT") return startDemo({ db, creator });
    throw error;
  }
  parseProjectSettings(DEMO_SETTINGS);
  await db.project.update({ where: { id: project.id }, data: { settings: DEMO_SETTINGS as Prisma.InputJsonValue } });
  const summary = await importSnippets({ db, projectId: project.id, inputs: [SNIPPETS] });
  if (summary.imported === 0) throw new AppError("INTERNAL", `The demo's snippets could not be imported from ${SNIPPETS}.`);
  const endpointProfileId = await ensureScriptedEndpoint(db);
  const run = await startProjectRun({ db, projectId: project.id, stages: ["SEED", "AGENTS", "DISCUSS"], endpointProfileId });
  return { slug: DEMO_SLUG, created: true, runId: run.id, projectId: project.id };
}
