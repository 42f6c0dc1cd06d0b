import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { auditCli } from "@/lib/cli/audit";
import { withCommandDb, commandProjectId } from "@/lib/cli/database";
import { formatCliError } from "@/lib/cli/output";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { adHocEndpoint } from "@/lib/eval/endpoint";
import { runEvaluationLocally } from "@/lib/eval/local";
import { runProblems, startEvaluation } from "@/lib/eval/start";
import { BUNDLED_SUITES, type EvalCliResult, type EvalSummary } from "@/lib/eval/types";
import { Gateway } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { SandboxPool, sandboxStatus } from "@/lib/sandbox/verify";

/** Exit code of bad input (an unknown benchmark or language, an unreachable server), as opposed to 1 for Rosetta's own failures. */
const BAD_INPUT = 2;

export interface EvalOptions {
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  benchmark?: string;
  languages?: string;
  limit?: string;
  samples?: string;
  temperature?: string;
  out?: string;
  project?: string;
  resume?: string;
  concurrency?: string;
}

function number(
  name: string,
  raw: string | undefined,
  { integer, min, max }: { integer: boolean; min: number; max?: number },
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || (max !== undefined && value > max))
    throw new AppError(
      "BAD_REQUEST",
      `--${name} must be ${integer ? "a whole number" : "a number"} ≥ ${min}${max !== undefined ? ` and ≤ ${max}` : ""}, not "${raw}".`,
    );
  return value;
}

/** The server answers at all (any HTTP status will do): a wrong URL fails here, before a run is created. */
async function checkReachable(baseUrl: string, apiKey?: string): Promise<void> {
  try {
    await fetch(`${baseUrl.replace(/\/+$/, "")}/models`, {
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new AppError(
      "BAD_REQUEST",
      `Cannot reach the model server at ${baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`,
    );
  }
}

/** One bar per language on stderr: redrawn in place on a terminal, a line every few seconds otherwise. */
function progressBars(totals: Record<string, number>) {
  const done: Record<string, number> = Object.fromEntries(Object.keys(totals).map((language) => [language, 0]));
  const passed: Record<string, number> = { ...done };
  const tty = process.stderr.isTTY;
  let drawn = 0;
  let last = 0;
  const lines = () =>
    Object.entries(totals).map(([language, total]) => {
      const width = 24;
      const filled = total ? Math.round((done[language]! / total) * width) : width;
      return `${language.padEnd(11)} ${"█".repeat(filled)}${"░".repeat(width - filled)} ${done[language]}/${total} · ${passed[language]} pass`;
    });
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < (tty ? 100 : 5_000)) return;
    last = now;
    if (tty)
      process.stderr.write(
        `${drawn ? `\x1b[${drawn}A` : ""}${lines()
          .map((line) => `\x1b[2K${line}\n`)
          .join("")}`,
      );
    else process.stderr.write(`${lines().join(" | ")}\n`);
    drawn = Object.keys(totals).length;
  };
  return {
    settle(language: string, pass: boolean) {
      done[language] = (done[language] ?? 0) + 1;
      if (pass) passed[language] = (passed[language] ?? 0) + 1;
      draw();
    },
    start: (already: Record<string, { done: number; passed: number }>) => {
      for (const [language, counts] of Object.entries(already)) {
        done[language] = counts.done;
        passed[language] = counts.passed;
      }
      draw(true);
    },
    end: () => draw(true),
  };
}

/**
 * `rosetta eval --base-url <url> --model <name> --benchmark <suite> …`: asks every problem of the
 * suite (the chosen languages, --limit per language, k samples each), runs the code in the sandbox,
 * and prints as its last stdout line the scores per language as JSON (EvalCliResult). The run is
 * kept in the database (the embedded one of a studio running here, or DATABASE_URL); --resume <id>
 * continues an interrupted one without asking again what was answered. The API key is used in this
 * process only, never stored.
 */
export async function runEval(options: EvalOptions): Promise<number> {
  try {
    return await evaluate(options);
  } catch (error) {
    if (isAppError(error) && (error.code === "BAD_REQUEST" || error.code === "NOT_FOUND")) {
      process.stderr.write(`${formatCliError(error)}\n`);
      return BAD_INPUT;
    }
    throw error;
  }
}

async function evaluate(options: EvalOptions): Promise<number> {
  if (!options.resume) {
    if (!options.baseUrl)
      throw new AppError("BAD_REQUEST", "--base-url is required (the model's OpenAI-compatible endpoint, e.g. http://localhost:8000/v1).");
    if (!options.model) throw new AppError("BAD_REQUEST", "--model is required.");
    if (!options.benchmark) throw new AppError("BAD_REQUEST", `--benchmark is required (${BUNDLED_SUITES.join(", ")}).`);
    if (!(BUNDLED_SUITES as readonly string[]).includes(options.benchmark) && !options.benchmark.startsWith("benchmark:"))
      throw new AppError("BAD_REQUEST", `Unknown benchmark "${options.benchmark}" (the bundled ones: ${BUNDLED_SUITES.join(", ")}).`);
    if (!URL.canParse(options.baseUrl)) throw new AppError("BAD_REQUEST", `--base-url is not a URL: "${options.baseUrl}".`);
  }
  const limit = number("limit", options.limit, { integer: true, min: 1 });
  const samples = number("samples", options.samples, { integer: true, min: 1, max: 200 });
  const temperature = number("temperature", options.temperature, { integer: false, min: 0, max: 2 });
  const concurrency = number("concurrency", options.concurrency, { integer: true, min: 1, max: 64 }) ?? 4;
  const languages = options.languages
    ?.split(",")
    .map((language) => language.trim())
    .filter(Boolean);
  const status = sandboxStatus(env.ROSETTA_SANDBOX);
  if (!status.ok) throw new AppError("SANDBOX_UNAVAILABLE", `Cannot run code on this machine: ${status.reason}.`);
  if (status.mode === "unsafe-local") process.stderr.write(`warning: ${status.detail}\n`);

  return withCommandDb("rosetta eval", async (db) => {
    let runId: string;
    let problems;
    if (options.resume) {
      const run = await db.evalRun.findUnique({ where: { id: options.resume } }).catch(() => null);
      if (!run) throw new AppError("NOT_FOUND", `No evaluation run "${options.resume}" to resume.`);
      runId = run.id;
      problems = await runProblems(db, run);
      options.baseUrl ??= run.baseUrl;
      options.model ??= run.model;
      options.benchmark = run.suite;
    } else {
      await checkReachable(options.baseUrl!, options.apiKey);
      const projectId = options.project ? await commandProjectId(db, options.project) : undefined;
      const started = await startEvaluation({
        db,
        projectId,
        input: { baseUrl: options.baseUrl, model: options.model, suite: options.benchmark!, languages, limit, samples, temperature },
        apiKey: options.apiKey,
        enqueue: false,
      });
      runId = started.run.id;
      problems = started.problems;
      await auditCli(db, {
        action: "eval.start",
        targetType: "eval_run",
        targetId: runId,
        projectId,
        after: {
          baseUrl: options.baseUrl,
          model: options.model,
          suite: options.benchmark,
          languages: started.run.languages,
          limit,
          samples,
          temperature,
        },
      });
    }
    if (options.resume) await checkReachable(options.baseUrl!, options.apiKey);
    const run = await db.evalRun.findUniqueOrThrow({ where: { id: runId } });
    process.stderr.write(
      `evaluation ${runId}: ${run.model} on ${run.suite} (${run.languages.join(", ")}), ${run.total} answer(s) to get${options.resume ? `, ${run.done} already settled` : ""}\n`,
    );

    const totals = Object.fromEntries(
      run.languages.map((language) => [language, problems.filter((p) => p.language === language).length * run.samples]),
    );
    const bars = progressBars(totals);
    const already = await db.evalResult.groupBy({ by: ["language", "verdict"], where: { evalRunId: runId }, _count: { _all: true } });
    const counts: Record<string, { done: number; passed: number }> = {};
    for (const row of already) {
      const entry = (counts[row.language] ??= { done: 0, passed: 0 });
      entry.done += row._count._all;
      if (row.verdict === "PASS") entry.passed += row._count._all;
    }
    bars.start(counts);

    const abort = new AbortController();
    const onSignal = () => abort.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const sandbox = new SandboxPool(Math.min(concurrency, env.ROSETTA_SANDBOX_SLOTS ?? 2), status.mode);
    const endpoint = {
      ...adHocEndpoint({ id: runId, baseUrl: run.baseUrl, model: run.model, apiKey: options.apiKey }),
      maxConcurrency: concurrency,
    };
    try {
      await runEvaluationLocally({
        db,
        runId,
        problems,
        endpoint,
        services: { gateway, sandbox },
        concurrency,
        signal: abort.signal,
        onSample: (language, verdict) => bars.settle(language, verdict === "PASS"),
      });
    } catch (error) {
      if (abort.signal.aborted) {
        process.stderr.write(`\ninterrupted: continue with  rosetta eval --resume ${runId}${options.apiKey ? " --api-key …" : ""}\n`);
        return 130;
      }
      throw error;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await sandbox.close();
      await gateway.close();
    }
    bars.end();

    const finished = await db.evalRun.findUniqueOrThrow({ where: { id: runId } });
    if (options.out) {
      const out = createWriteStream(options.out);
      await once(out, "open").catch((error: Error) => {
        throw new AppError("BAD_REQUEST", `Cannot write ${options.out}: ${error.message}`);
      });
      const results = await db.evalResult.findMany({
        where: { evalRunId: runId },
        orderBy: [{ language: "asc" }, { taskId: "asc" }, { sampleIndex: "asc" }],
      });
      for (const result of results)
        if (
          !out.write(
            `${JSON.stringify({ task_id: result.taskId, language: result.language, sample: result.sampleIndex, verdict: result.verdict, code: result.code, output: result.output })}\n`,
          )
        )
          await once(out, "drain");
      out.end();
      await once(out, "finish");
    }
    const summary = (finished.summary ?? {}) as unknown as EvalSummary;
    if (finished.status === "FINISHED_WITH_FAILURES") process.stderr.write(`✖ ${finished.error}\n`);
    for (const [language, score] of Object.entries(summary))
      process.stderr.write(
        `${language}: pass@1 ${(score["pass@1"] * 100).toFixed(1)}% on ${score.problems} problem(s)${score.excluded ? ` (${score.excluded} excluded: broken canonical solution)` : ""}${score["pass@k"] !== undefined ? `, pass@${score.k} ${(score["pass@k"] * 100).toFixed(1)}%` : ""}\n`,
      );
    const result: EvalCliResult = { benchmark: finished.suite, model: finished.model, languages: summary };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return finished.status === "SUCCEEDED" ? 0 : 1;
  });
}
