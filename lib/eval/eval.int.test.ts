import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { adHocEndpoint } from "@/lib/eval/endpoint";
import { runEvaluationLocally } from "@/lib/eval/local";
import { runProblems, startEvaluation } from "@/lib/eval/start";
import { addProjectBenchmark } from "@/lib/projects/benchmarks";
import type { EvalCliResult, EvalSummary } from "@/lib/eval/types";
import { evalProblem } from "@/lib/jobs/definitions/eval";
import type { JobContext } from "@/lib/jobs/define";
import { Gateway } from "@/lib/llm/gateway";
import { InProcessLimiter } from "@/lib/llm/limiter";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";
import { rosetta } from "@/lib/testing/cli";
import { startModelServer, type RunningModelServer } from "@/model-server/server";

/** The evaluation loop against the scripted server's --eval modes, over real HTTP, in the real sandbox. */

const support = isolationSupport();
const db = createDb(env.DATABASE_URL!);
let canonical: RunningModelServer;
let wrong: RunningModelServer;

beforeAll(async () => {
  const fast = { port: 0, ttftMs: 0, tokensPerSecond: 1_000_000 };
  canonical = await startModelServer({ ...fast, eval: "canonical" });
  wrong = await startModelServer({ ...fast, eval: "wrong" });
});
afterAll(async () => {
  await canonical?.close();
  await wrong?.close();
  await db.$disconnect();
});

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as EvalCliResult;

describe("rosetta eval: bad input", () => {
  it("refuses an unknown benchmark, an unknown language and an unreachable server with exit 2 and a clear message", async () => {
    const unknown = await rosetta(["eval", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", "--benchmark", "apps"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown benchmark "apps" \(the bundled ones: humaneval, mbxp, humaneval-x\)/);
    const language = await rosetta(["eval", "--base-url", canonical.url, "--model", "m", "--benchmark", "mbxp", "--languages", "rust"]);
    expect(language.code).toBe(2);
    expect(language.stderr).toMatch(/The suite "mbxp" has no rust problems/);
    const closed = await startModelServer({ port: 0 });
    const deadUrl = closed.url;
    await closed.close();
    const unreachable = await rosetta(["eval", "--base-url", deadUrl, "--model", "m", "--benchmark", "mbxp"]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`Cannot reach the model server at ${deadUrl}: ECONNREFUSED`);
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);
});

describe("a project's own suite", () => {
  it("is its benchmark file's problems with a language, a prompt and tests, asked as the bundled ones are", async () => {
    const project = await db.project.create({
      data: { slug: `eval-own-${Date.now()}`, name: "Own suite", languages: ["python"], settings: {} },
    });
    const lines = [
      { task_id: "own/1", language: "python", prompt: "def inc(x):\n", tests: "assert inc(1) == 2\n", entry_point: "inc" },
      { task_id: "own/2", language: "python", prompt: "def dec(x):\n", tests: "assert dec(2) == 1\n" },
      { task_id: "own/3", prompt: "Write a function that doubles a number." },
    ];
    const file = await addProjectBenchmark({
      db,
      projectId: project.id,
      name: "own",
      text: lines.map((line) => JSON.stringify(line)).join("\n"),
    });
    const { run, problems } = await startEvaluation({
      db,
      projectId: project.id,
      input: { baseUrl: canonical.url, model: "m", suite: `benchmark:${file.id}` },
      enqueue: false,
    });
    expect(problems.map((problem) => [problem.taskId, problem.language, problem.prompt, problem.tests, problem.entryPoint])).toEqual([
      ["own/1", "python", "def inc(x):\n", "assert inc(1) == 2\n", "inc"],
      ["own/2", "python", "def dec(x):\n", "assert dec(2) == 1\n", undefined],
    ]);
    expect(run).toMatchObject({ total: 2, languages: ["python"] });
    const stored = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect((await runProblems(db, stored)).map((problem) => problem.taskId)).toEqual(["own/1", "own/2"]);
  });
});

describe.skipIf(!support.ok)(`evaluation runs${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("a server answering with the canonical solutions in varied shapes scores ≥ 95 % per language; --out has every answer", async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), "rosetta-eval-")), "results.jsonl");
    const languages = ["python", "javascript", "go", "java"];
    const { code, stdout, stderr } = await rosetta([
      "eval",
      "--base-url",
      canonical.url,
      "--model",
      "canonical",
      "--benchmark",
      "humaneval-x",
      "--languages",
      languages.join(","),
      "--limit",
      "10",
      "--out",
      out,
    ]);
    expect(code, stderr).toBe(0);
    const result = lastLine(stdout);
    expect(result).toMatchObject({ benchmark: "humaneval-x", model: "canonical" });
    expect(Object.keys(result.languages).sort()).toEqual([...languages].sort());
    for (const language of languages) {
      expect(result.languages[language]!.problems).toBe(10);
      expect(result.languages[language]!["pass@1"], `${language}: ${stderr}`).toBeGreaterThanOrEqual(0.95);
    }
    const lines = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map(
        (line) => JSON.parse(line) as { task_id: string; language: string; sample: number; verdict: string; code: string; output: string },
      );
    expect(lines).toHaveLength(40);
    expect(lines[0]).toEqual(expect.objectContaining({ sample: 0, verdict: expect.any(String), code: expect.any(String) }));
  }, 240_000);

  it("a server answering wrongly scores about 0, and an interrupted evaluation resumes without asking again", async () => {
    const { run, problems } = await startEvaluation({
      db,
      input: { baseUrl: wrong.url, model: "wrong", suite: "mbxp", languages: ["python", "javascript"], limit: 4 },
      enqueue: false,
    });
    expect(run.total).toBeLessThanOrEqual(8);
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const sandbox = new SandboxPool(2);
    const endpoint = adHocEndpoint({ id: run.id, baseUrl: wrong.url, model: "wrong" });
    try {
      // "Interrupted" after the first half of the problems.
      const half = problems.slice(0, Math.ceil(problems.length / 2));
      await runEvaluationLocally({ db, runId: run.id, problems: half, endpoint, services: { gateway, sandbox } });
      const asked = wrong.stats().none;
      expect(asked).toBe(half.length);
      expect((await db.evalRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("RUNNING");

      const resumed = await rosetta(["eval", "--resume", run.id]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(wrong.stats().none - asked).toBe(problems.length - half.length);
      const summary = lastLine(resumed.stdout).languages;
      for (const score of Object.values(summary)) expect(score["pass@1"]).toBeLessThanOrEqual(0.25);
      const stored = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
      expect(stored).toMatchObject({ status: "SUCCEEDED", done: problems.length, total: problems.length });
      expect(await db.llmCall.count({ where: { stage: "evaluation", model: "wrong" } })).toBe(problems.length);
    } finally {
      await sandbox.close();
      await gateway.close();
    }
  }, 180_000);

  it("as queue jobs: pass@k with k samples, the run settled with its summary", async () => {
    const { run, problems } = await startEvaluation({
      db,
      input: {
        baseUrl: canonical.url,
        model: "canonical-jobs",
        suite: "humaneval",
        languages: ["python"],
        limit: 2,
        samples: 3,
        temperature: 0.8,
      },
      enqueue: false,
    });
    const gateway = new Gateway({ db, limiter: new InProcessLimiter() });
    const sandbox = new SandboxPool(2);
    const context = {
      db,
      services: { gateway, sandbox, secretKey: undefined },
      signal: new AbortController().signal,
      log: () => {},
    } as unknown as JobContext;
    try {
      for (const problem of problems)
        await evalProblem.run({ evalRunId: run.id, language: problem.language, taskId: problem.taskId }, context);
    } finally {
      await sandbox.close();
      await gateway.close();
    }
    const stored = await db.evalRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(stored).toMatchObject({ status: "SUCCEEDED", done: 6, total: 6 });
    const python = (stored.summary as unknown as EvalSummary).python!;
    expect(python).toMatchObject({ problems: 2, samples: 6, passed: 6, "pass@1": 1, k: 3, "pass@k": 1 });
  }, 120_000);
});
