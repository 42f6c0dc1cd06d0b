import { defineJob, type JobContext } from "@/lib/jobs/define";
import { createAgents } from "@/lib/synthesis/agents";
import { failDiscussion, runDiscussion } from "@/lib/synthesis/discussion";
import { runDpoQuery } from "@/lib/synthesis/dpo";
import { asItemFailure, RunCancelled, runItem } from "@/lib/synthesis/items";
import { advanceRun, failRun } from "@/lib/synthesis/runs";
import { generateSeed, seedItemKey } from "@/lib/synthesis/seeds";
import { runSolveCheck } from "@/lib/synthesis/solve";
import { parseProjectSettings, type ProjectSettings } from "@/lib/synthesis/settings";
import { verifyCandidate } from "@/lib/synthesis/verification";

/** The synthesis stages as queue jobs: one per item, each settling its run item (which nudges the run on when due: lib/synthesis/items.ts). */

/**
 * A run's settings are the copy made when it started and never change: read once per process and
 * run, not once per item (a round trip and a parse at the start of every job).
 */
const settingsOfRuns = new Map<string, Promise<{ projectId: string; settings: ProjectSettings }>>();
const SETTINGS_KEPT = 64;

function runSettings({ db }: JobContext, runId: string) {
  let settings = settingsOfRuns.get(runId);
  if (!settings) {
    if (settingsOfRuns.size >= SETTINGS_KEPT) settingsOfRuns.delete(settingsOfRuns.keys().next().value!);
    settings = db.synthesisRun
      .findUniqueOrThrow({ where: { id: runId }, select: { projectId: true, settings: true } })
      .then((run) => ({ projectId: run.projectId, settings: parseProjectSettings(run.settings) }));
    settingsOfRuns.set(runId, settings);
    settings.catch(() => settingsOfRuns.delete(runId));
  }
  return settings;
}

export const advance = defineJob("synthesis.advance", async ({ runId }, { db, lastAttempt }) => {
  try {
    await advanceRun(db, runId);
  } catch (error) {
    if (!lastAttempt) throw error;
    // A run that can no longer advance ends FAILED, saying why, rather than RUNNING with nothing to run it on.
    await failRun(
      db,
      runId,
      `the run could not advance on any of its job's attempts: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
});

export const seed = defineJob("synthesis.seed", async ({ runId, snippetId, kind }, context) => {
  const { settings } = await runSettings(context, runId);
  await runItem(context.db, { runId, stage: "SEED", itemKey: seedItemKey(snippetId, kind) }, context, () =>
    generateSeed({ db: context.db, services: context.services, runId, snippetId, kind, settings, signal: context.signal }),
  );
});

export const agents = defineJob("synthesis.agents", async ({ runId }, context) => {
  const { projectId, settings } = await runSettings(context, runId);
  await runItem(context.db, { runId, stage: "AGENTS", itemKey: "agents" }, context, async () => {
    const { created } = await createAgents({ db: context.db, projectId, settings });
    context.log(`${created} agent(s) created`);
  });
});

export const discuss = defineJob("synthesis.discuss", async ({ runId, discussionId }, context) => {
  const { db, services } = context;
  const { settings } = await runSettings(context, runId);
  await runItem(db, { runId, stage: "DISCUSS", itemKey: discussionId }, context, async () => {
    try {
      await runDiscussion({ db, services, discussionId, settings, signal: context.signal });
    } catch (error) {
      const failure = asItemFailure(error);
      if (failure || context.lastAttempt)
        await failDiscussion(
          db,
          services,
          discussionId,
          failure?.message ?? (error instanceof Error ? error.message : String(error)),
          error instanceof RunCancelled ? "CANCELLED" : "FAILED",
        );
      throw error;
    }
  });
});

export const verify = defineJob("synthesis.verify", async ({ runId, candidateId }, context) => {
  const { settings } = await runSettings(context, runId);
  await runItem(context.db, { runId, stage: "VERIFY", itemKey: candidateId }, context, () =>
    verifyCandidate({ db: context.db, services: context.services, candidateId, settings }),
  );
});

export const solve = defineJob("synthesis.solve", async ({ runId, candidateId }, context) => {
  const { settings } = await runSettings(context, runId);
  await runItem(context.db, { runId, stage: "SOLVE", itemKey: candidateId }, context, () =>
    runSolveCheck({ db: context.db, services: context.services, runId, candidateId, settings, signal: context.signal }),
  );
});

export const dpo = defineJob("synthesis.dpo", async ({ runId, candidateId }, context) => {
  const { settings } = await runSettings(context, runId);
  await runItem(context.db, { runId, stage: "DPO", itemKey: candidateId }, context, () =>
    runDpoQuery({ db: context.db, services: context.services, runId, candidateId, settings, signal: context.signal }),
  );
});
