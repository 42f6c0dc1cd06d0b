/**
 * `npm run bench:synthesis`: 200 snippets through stages 1–5 (seed pairs, agents, one round of
 * discussions) at concurrency 16 against the scripted model server's latency model (300 ms to the
 * first token, 80 tokens/s), vs. a bare loop that makes the same calls with the `openai` client at
 * the same concurrency and with the same stage barrier, without database, memory or live events.
 * Both run in this process against one model server process. Also: stage-0 import throughput for
 * 100 k generated snippets. Last line: JSON with `ratio` = pipeline wall / bare wall (target ≤ 1.10).
 */
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { ds1InstructionPrompt, ds1ResponsePrompt, ds2InstructionPrompt, ds2ResponsePrompt, scorerPrompt } from "@/lib/agents/prompts";
import { createDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/worker";
import { LANGUAGE_HEADER, ROLE_HEADER, TASK_HEADER } from "@/lib/llm/contracts";
import { LANGUAGES } from "@/lib/languages";
import { BANK } from "@/model-server/bank";
import { extractJson } from "@/lib/llm/parse";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";
import { startRun } from "@/lib/synthesis/runs";
import { createSynthesisProject } from "@/lib/testing/synthesis";
import { spawnModelServer } from "@/model-server/process";
import { bar, benchSnippets } from "./snippets";

const SNIPPETS = Number(process.env.BENCH_SNIPPETS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const IMPORT = Number(process.env.BENCH_IMPORT ?? 100_000);
const TTFT_MS = Number(process.env.BENCH_TTFT_MS ?? 300);
const TOKENS_PER_SECOND = Number(process.env.BENCH_TOKENS_PER_SECOND ?? 80);
const MODEL = "rosetta-scripted";

async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>, label: string): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        await task(items[next++]!);
        bar(label, ++done, items.length);
      }
    }),
  );
  process.stderr.write("\n");
}

/** The bare loop's client: one streamed completion, text back. */
function bareCaller(baseURL: string) {
  const client = new OpenAI({ baseURL, apiKey: "not-needed", maxRetries: 0 });
  return async (messages: ChatCompletionMessageParam[], headers: Record<string, string>): Promise<string> => {
    const stream = await client.chat.completions.create(
      { model: MODEL, messages, stream: true, stream_options: { include_usage: true } },
      { headers },
    );
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    return text;
  };
}

function field(text: string, name: string): string {
  try {
    const value = (JSON.parse(extractJson(text) ?? text) as Record<string, unknown>)[name];
    return typeof value === "string" ? value : text;
  } catch {
    return text;
  }
}

async function measurePipeline(db: Db, databaseUrl: string, baseUrl: string, snippets: ReturnType<typeof benchSnippets>) {
  const { projectId } = await createSynthesisProject({
    db,
    slug: "bench",
    baseUrl,
    snippets,
    maxConcurrency: CONCURRENCY,
    settings: { discussion: { rounds: 1 } },
  });
  const imported = await db.snippet.count({ where: { projectId } });
  if (imported !== snippets.length) throw new Error(`imported ${imported} snippets, expected ${snippets.length}`);
  const worker = await startWorker({ databaseUrl, concurrency: CONCURRENCY, secretKey: undefined, log: () => undefined });
  try {
    const started = performance.now();
    const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS", "DISCUSS"] });
    for (;;) {
      const state = await db.synthesisRun.findUniqueOrThrow({ where: { id: run.id }, select: { status: true, stage: true } });
      const [settled, total] = await Promise.all([
        db.runItem.count({ where: { runId: run.id, status: { in: ["DONE", "FAILED"] } } }),
        db.runItem.count({ where: { runId: run.id } }),
      ]);
      bar(`pipeline (${(state.stage ?? "done").toLowerCase()})`, settled, total);
      if (state.status !== "RUNNING") {
        process.stderr.write("\n");
        if (state.status !== "SUCCEEDED") throw new Error(`the run ended ${state.status}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ms = performance.now() - started;
    const failed = await db.runItem.count({ where: { runId: run.id, status: "FAILED" } });
    const calls = Object.fromEntries(
      (await db.llmCall.groupBy({ by: ["stage"], where: { runId: run.id, errorCode: null }, _sum: { calls: true } })).map((row) => [
        row.stage,
        row._sum.calls ?? 0,
      ]),
    );
    return { ms, runId: run.id, failed, calls };
  } finally {
    await worker.stop("bench done");
  }
}

async function measureBare(db: Db, runId: string, baseUrl: string, snippets: ReturnType<typeof benchSnippets>) {
  const call = bareCaller(baseUrl);
  // The discussions' prompts are the ones the pipeline sent (they depend on its memories).
  const prompts = await db.turn.findMany({
    where: { discussion: { runId }, kind: "PROMPT" },
    orderBy: [{ discussionId: "asc" }, { seq: "asc" }],
    select: { discussionId: true, payload: true, prompt: { select: { messages: true } }, discussion: { select: { targetLanguage: true } } },
  });
  const discussions = new Map<string, { language: string; steps: { step: string; messages: ChatCompletionMessageParam[] }[] }>();
  for (const prompt of prompts) {
    const payload = {
      step: (prompt.payload as unknown as { step: string }).step,
      messages: prompt.prompt!.messages as unknown as ChatCompletionMessageParam[],
    };
    const entry = discussions.get(prompt.discussionId) ?? { language: prompt.discussion.targetLanguage, steps: [] };
    entry.steps.push(payload);
    discussions.set(prompt.discussionId, entry);
  }
  const headers = (role: string, language: string, task?: string) => ({
    [ROLE_HEADER]: role,
    [LANGUAGE_HEADER]: language,
    ...(task ? { [TASK_HEADER]: task } : {}),
  });
  const started = performance.now();
  let calls = 0;
  await pool(
    snippets,
    CONCURRENCY,
    async ({ code, language }) => {
      const instruction1 = field(
        await call(ds1InstructionPrompt({ code, language }), headers("instruction_generator", language)),
        "instruction",
      );
      const solution1 = field(
        await call(ds1ResponsePrompt({ instruction: instruction1, language }), headers("response_generator", language)),
        "solution",
      );
      await call(scorerPrompt({ instruction: instruction1, solution: solution1 }), headers("scorer", language));
      const solution2 = field(await call(ds2ResponsePrompt({ code, language }), headers("response_generator", language)), "solution");
      const instruction2 = field(
        await call(ds2InstructionPrompt({ solution: solution2, language }), headers("instruction_generator", language)),
        "instruction",
      );
      await call(scorerPrompt({ instruction: instruction2, solution: solution2 }), headers("scorer", language));
      calls += 6;
    },
    "bare (seed pairs)",
  );
  await pool(
    [...discussions.values()],
    CONCURRENCY,
    async ({ language, steps }) => {
      for (const { step, messages } of steps) {
        await call(messages, step === "score" ? headers("scorer", language) : headers("agent", language, step.split(":")[0]));
        calls += 1;
      }
    },
    "bare (discussions)",
  );
  return { ms: performance.now() - started, calls, discussions: discussions.size };
}

async function measureImport(db: Db, dir: string) {
  const file = path.join(dir, "import.jsonl");
  const lines: string[] = [];
  for (let i = 0; i < IMPORT; i++) {
    const language = LANGUAGES[i % LANGUAGES.length]!;
    const entry = Object.values(BANK[language])[i % 6]!;
    const comment = language === "python" || language === "bash" ? "#" : "//";
    lines.push(JSON.stringify({ code: `${entry.solution}\n${comment} import ${i}\n`, path: `gen/${i}`, license: "MIT" }));
  }
  await writeFile(file, `${lines.join("\n")}\n`);
  const project = await db.project.create({ data: { slug: "bench-import", name: "bench-import", languages: [], settings: {} } });
  const started = performance.now();
  const summary = await importSnippets({
    db,
    projectId: project.id,
    inputs: [file],
    maxTokens: 1024,
    maxBytes: 1 << 20,
    onProgress: ({ seen }) => bar("import", seen, IMPORT),
  });
  process.stderr.write("\n");
  const seconds = (performance.now() - started) / 1000;
  if (summary.imported !== IMPORT) throw new Error(`imported ${summary.imported} of ${IMPORT}`);
  return Math.round(IMPORT / seconds);
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-synthesis-"));
  await chmod(dir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg") });
  const server = await spawnModelServer([
    "--ttft-ms",
    String(TTFT_MS),
    "--tokens-per-second",
    String(TOKENS_PER_SECOND),
    "--wrong-rate",
    "0.2",
    "--seed",
    "1",
  ]);
  let db: Db | undefined;
  try {
    await migrateDatabase(postgres.url);
    const baseUrl = server.url;
    db = createDb(postgres.url, { max: 8 });
    const snippets = benchSnippets(SNIPPETS);
    console.log(
      `${SNIPPETS} snippets · concurrency ${CONCURRENCY} · model server: ${TTFT_MS} ms to first token, ${TOKENS_PER_SECOND} tokens/s`,
    );

    const pipeline = await measurePipeline(db, postgres.url, baseUrl, snippets);
    const bare = await measureBare(db, pipeline.runId, baseUrl, snippets);
    const importPerSecond = await measureImport(db, dir);
    const pipelineCalls = Object.values(pipeline.calls).reduce((a, b) => a + b, 0);
    const ratio = pipeline.ms / bare.ms;
    console.log(
      `pipeline: ${(pipeline.ms / 1000).toFixed(1)} s, ${pipelineCalls} calls (${JSON.stringify(pipeline.calls)}), ${bare.discussions} discussions, ${pipeline.failed} items failed`,
    );
    console.log(`bare:     ${(bare.ms / 1000).toFixed(1)} s, ${bare.calls} calls`);
    console.log(`import:   ${importPerSecond.toLocaleString("en")} snippets/s (${IMPORT.toLocaleString("en")} snippets)`);
    console.log(`ratio:    ${ratio.toFixed(3)} (target ≤ 1.10)`);
    console.log(
      JSON.stringify({
        bench: "synthesis",
        snippets: SNIPPETS,
        concurrency: CONCURRENCY,
        ttftMs: TTFT_MS,
        tokensPerSecond: TOKENS_PER_SECOND,
        discussions: bare.discussions,
        calls: { pipeline: pipelineCalls, bare: bare.calls },
        pipelineMs: Math.round(pipeline.ms),
        bareMs: Math.round(bare.ms),
        importPerSecond,
        ratio: Number(ratio.toFixed(3)),
      }),
    );
  } finally {
    await db?.$disconnect();
    await server.stop();
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench:synthesis failed: ${error.message}`);
    process.exit(1);
  },
);
