import { z } from "zod";
import { createDb, type Db } from "@/lib/db/client";
import type { RunStage } from "@/lib/db/generated/enums";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { auditCli } from "@/lib/cli/audit";
import { commandDatabaseUrl } from "@/lib/cli/database";
import { resolveSecretKey } from "@/lib/cli/secret-key";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { describePresetLine, isPresetId, PRESETS, type Override } from "@/lib/synthesis/presets";
import { startProjectRun } from "@/lib/projects/start-run";
import { DPO_FALLBACK_NOTE, shareOf, type DpoReport } from "@/lib/projects/dpo-report-types";
import { summarizeRun, type RunSummary } from "@/lib/synthesis/summary";

/** What `startRun` records besides the settings (lib/synthesis/protocol.ts runSettingsCopy). */
type RunCopy = { preset?: string; overrides?: Override[] };

const STAGE_NAMES: Record<string, RunStage> = {
  seed: "SEED",
  seeds: "SEED",
  agents: "AGENTS",
  discuss: "DISCUSS",
  discussions: "DISCUSS",
  verify: "VERIFY",
  solve: "SOLVE",
  dpo: "DPO",
};

const Options = z.object({
  project: z.string().min(1),
  stages: z
    .string()
    .default("seed,agents,discuss,solve")
    .transform((list, ctx) => {
      const stages = list
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      const unknown = stages.filter((name) => !STAGE_NAMES[name]);
      if (unknown.length)
        ctx.addIssue({
          code: "custom",
          message: `unknown stage ${unknown.join(", ")} (stages: seed, agents, discuss, verify, solve, dpo)`,
        });
      return [...new Set(stages.map((name) => STAGE_NAMES[name]!))];
    }),
  limit: z.coerce.number().int().positive().optional(),
  endpoint: z.string().min(1).optional(),
  policyEndpoint: z.string().min(1).optional(),
  follow: z.boolean().default(true),
});

const number = new Intl.NumberFormat("en");

function bar(done: number, total: number, width = 24): string {
  const filled = total ? Math.round((done / total) * width) : 0;
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

function progressLines(summary: RunSummary): string[] {
  return summary.stages.map((stage) => {
    const settled = stage.done + stage.failed;
    const failed = stage.failed ? ` · ${number.format(stage.failed)} failed` : "";
    const round = stage.stage === "DISCUSS" && summary.round ? ` · round ${summary.round}` : "";
    const waiting = stage.total === 0 ? (summary.stage === stage.stage ? " starting…" : " waiting") : "";
    return `${stage.stage.toLowerCase().padEnd(8)} ${bar(settled, stage.total)} ${number.format(settled)}/${number.format(stage.total)}${failed}${round}${waiting}`;
  });
}

/** Redraws the stage bars in place on a terminal; prints them every few seconds otherwise. */
function display() {
  const tty = process.stderr.isTTY;
  let drawn = 0;
  let last = 0;
  return (lines: string[], force = false) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 200 : 5_000)) return;
    last = now;
    if (tty) process.stderr.write(`${drawn ? `\x1b[${drawn}A` : ""}${lines.map((line) => `\x1b[2K${line}\n`).join("")}`);
    else process.stderr.write(`${lines.join("\n")}\n`);
    drawn = lines.length;
  };
}

function share(failed: number, total: number): string {
  return total ? ` (${((failed / total) * 100).toFixed(failed * 1000 < total ? 2 : 1)} %)` : "";
}

function statusWord(status: string): string {
  return status.toLowerCase().replaceAll("_", " ");
}

function printSummary(summary: RunSummary): void {
  console.log(
    `\nRun ${summary.id}: ${statusWord(summary.status)} · ${number.format(summary.tokens)} tokens${summary.costUsd ? ` · $${summary.costUsd.toFixed(4)}` : ""}`,
  );
  for (const stage of summary.stages) {
    const failed = `${number.format(stage.failed)} failed${stage.failed ? share(stage.failed, stage.total) : ""}`;
    console.log(
      `  ${stage.stage.toLowerCase()}: ${number.format(stage.done)} done, ${failed}${stage.pending ? `, ${number.format(stage.pending)} pending` : ""}`,
    );
    for (const line of stage.languages) {
      const cost = line.costUsd ? ` · $${line.costUsd.toFixed(4)}` : "";
      const seeds =
        line.kept !== undefined || line.dropped !== undefined ? ` · pairs ${line.kept ?? 0} kept, ${line.dropped ?? 0} dropped` : "";
      const eliminated = line.eliminated ? ` · ${line.eliminated} evolution${line.eliminated === 1 ? "" : "s"} eliminated` : "";
      console.log(
        `    ${line.language.padEnd(11)} ${String(line.done).padStart(6)} done ${String(line.failed).padStart(5)} failed ${number.format(line.tokens).padStart(10)} tokens${cost}${seeds}${eliminated}`,
      );
    }
    if (stage.skippedContaminated)
      console.log(
        `    ${number.format(stage.skippedContaminated)} snippet(s) skipped: benchmark problems (decontamination; quality.seedContaminated seeds them anyway)`,
      );
    if (stage.dpo) for (const line of dpoLines(stage.dpo)) console.log(`    ${line}`);
    // The top reasons, most frequent first.
    for (const reason of stage.reasons.slice(0, 5))
      console.log(`    ✖ ${number.format(reason.count)} × ${reason.reason.slice(0, 300)} (e.g. ${reason.example})`);
    if (stage.reasons.length > 5) console.log(`    … and ${stage.reasons.length - 5} other reason${stage.reasons.length === 6 ? "" : "s"}`);
  }
}

/** The DPO stage's queries per language, with the ALL_PASS / ALL_FAIL shares; loud when no policy endpoint sampled them. */
function dpoLines(report: DpoReport): string[] {
  return [
    ...(report.fromResponseGenerator ? [`⚠ ${DPO_FALLBACK_NOTE} (${number.format(report.fromResponseGenerator)} queries)`] : []),
    ...(report.note ? [report.note] : []),
    ...report.languages.map(
      (line) =>
        `dpo ${line.language.padEnd(11)} ${String(line.queries).padStart(5)} queries ${String(line.pairs).padStart(6)} pairs · ALL_PASS ${shareOf(line.allPass, line.queries)} · ALL_FAIL ${shareOf(line.allFail, line.queries)}`,
    ),
  ];
}

/** The last line: what became of the run, in capitals unless it simply succeeded. */
function outcomeLine(summary: RunSummary): string {
  const total = summary.stages.reduce((n, stage) => n + stage.total, 0);
  const failed = summary.stages.reduce((n, stage) => n + stage.failed, 0);
  const items = `${number.format(failed)} of ${number.format(total)} item${total === 1 ? "" : "s"} failed`;
  const why = summary.error ? `: ${summary.error}` : "";
  if (summary.status === "SUCCEEDED") return `✔ SUCCEEDED (${number.format(total)} item${total === 1 ? "" : "s"}, none failed)`;
  if (summary.status === "FINISHED_WITH_FAILURES") return `✖ FINISHED WITH FAILURES (${items})${why}`;
  if (summary.status === "FAILED") return `✖ FAILED (${items})${why}`;
  return `✖ ${summary.status.replaceAll("_", " ")} (${items})`;
}

async function aliveWorkers(db: Db): Promise<number> {
  return db.worker.count({
    where: { stoppedAt: null, lastSeenAt: { gt: new Date(Date.now() - env.ROSETTA_WORKER_STALE_SECONDS * 1000) } },
  });
}

/** `rosetta run --project <slug>`: starts a synthesis run, follows it with progress bars, prints a summary. */
export async function runSynthesis(raw: Record<string, unknown>): Promise<number> {
  const parsed = Options.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "BAD_REQUEST",
      `Invalid option: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; ")}`,
    );
  const options = parsed.data;
  const databaseUrl = await commandDatabaseUrl(env);
  const db = createDb(databaseUrl, { applicationName: "rosetta-run" });
  let worker: RunningWorker | undefined;
  try {
    const project = await db.project.findUnique({ where: { slug: options.project }, select: { id: true, slug: true } });
    if (!project)
      throw new AppError(
        "NOT_FOUND",
        `No project "${options.project}". Import snippets first: rosetta import <paths…> --project ${options.project}`,
      );
    const profileId = async (name: string | undefined) => {
      if (!name) return undefined;
      const profile = await db.endpointProfile.findUnique({ where: { name }, select: { id: true } });
      if (!profile)
        throw new AppError(
          "NOT_FOUND",
          `No endpoint profile "${name}". Add one: rosetta endpoint add --name ${name} --base-url <url> --model <model>`,
        );
      return profile.id;
    };
    const run = await startProjectRun({
      db,
      projectId: project.id,
      stages: options.stages,
      limit: options.limit,
      endpointProfileId: await profileId(options.endpoint),
      policyEndpointProfileId: await profileId(options.policyEndpoint),
      howToBind: "pass --endpoint <profile> to use one profile for every role",
    });
    await auditCli(db, {
      action: "run.start",
      targetType: "synthesis_run",
      targetId: run.id,
      projectId: project.id,
      after: { stages: options.stages, limit: options.limit, endpoint: options.endpoint, policyEndpoint: options.policyEndpoint },
    });
    console.log(
      `Run ${run.id} started on "${project.slug}" (${options.stages.map((s) => s.toLowerCase()).join(" → ")}${options.limit ? `, at most ${options.limit} items per stage` : ""}).`,
    );
    // What it runs with: the preset and the project's overrides, as the run's copy of its settings records them.
    const copy = (await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id }, select: { settings: true } })).settings as RunCopy;
    const preset = isPresetId(copy.preset) ? copy.preset : "rosetta-default";
    console.log(`Protocol: ${describePresetLine({ id: preset, label: PRESETS[preset].label, overrides: copy.overrides ?? [] })}.`);
    if (!options.follow) {
      // Started is all this command knows; the outcome (succeeded, finished with failures, failed) is the run's.
      console.log(`Not following it: its outcome shows in the studio's runs list, with failures counted per stage.`);
      return 0;
    }
    if ((await aliveWorkers(db)) === 0) {
      console.log("No worker is running (npm start runs one); running one here until the run is over.");
      worker = await startWorker({
        databaseUrl,
        concurrency: env.ROSETTA_WORKER_CONCURRENCY,
        secretKey: await resolveSecretKey(env),
        staleSeconds: env.ROSETTA_WORKER_STALE_SECONDS,
        sandbox: { mode: env.ROSETTA_SANDBOX, slots: env.ROSETTA_SANDBOX_SLOTS },
        log: () => undefined,
      });
    }

    const show = display();
    let interrupted = false;
    const onSignal = () => (interrupted = true);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    let summary = await summarizeRun(db, run.id);
    // A paused run is still followed (someone may resume it from the studio); it says so.
    while ((summary.status === "RUNNING" || summary.status === "PAUSED") && !interrupted) {
      // The state line is always drawn (blank while running), so a terminal redraw never leaves a stale one.
      show([
        ...progressLines(summary),
        summary.status === "PAUSED" ? 'paused: no new items start; resume it in the studio (POST /api/runs/<id> {"action": "resume"})' : "",
      ]);
      await new Promise((resolve) => setTimeout(resolve, 250));
      summary = await summarizeRun(db, run.id);
    }
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    show(progressLines(summary), true);
    if (interrupted) {
      console.log(
        `Stopped following. ${worker ? "The run waits for a worker (npm start or rosetta worker) to continue" : "The run continues on the workers"}; it is ${run.id}.`,
      );
      return 130;
    }
    printSummary(summary);
    if (summary.status === "CANCELLED") console.log('The run was cancelled: queued items did not start (reason "cancelled").');
    console.log(`\n${outcomeLine(summary)}`);
    return summary.status === "SUCCEEDED" ? 0 : 1;
  } finally {
    await worker?.stop("run over");
    await db.$disconnect();
  }
}
