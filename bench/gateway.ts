/**
 * `npm run bench:gateway`: 500 streamed chat completions at concurrency 32, through the gateway
 * (PostgreSQL limiter, retries, accounting row per call) and through the bare `openai` client, against
 * the same scripted model server process, in the same run. Rounds alternate (bare, gateway, bare,
 * gateway…) so that machine noise hits both; the median round of each is compared.
 * Last line: JSON with `ratio` = gateway wall / bare wall (target ≤ 1.05), and the CPU time this
 * process spent per call on each side (steadier than wall time on a loaded machine: the gateway's
 * cost is CPU in the caller's process — accounting rows, the limiter, the parser —, not waiting).
 */
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import OpenAI from "openai";
import { createDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { Gateway } from "@/lib/llm/gateway";
import { PostgresLimiter } from "@/lib/llm/limiter";
import { createEndpointProfile, resolveEndpoint } from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";
import { spawnModelServer } from "@/model-server/process";

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Wall time and this process's CPU time (user + system) of one round, in ms. */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

function progress(label: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label.padEnd(24)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`);
  if (done === total) process.stderr.write("\n");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-"));
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir });
  const server = await spawnModelServer(["--ttft-ms", "20", "--tokens-per-second", "2000", "--wrong-rate", "0"]);
  try {
    await migrateDatabase(postgres.url);
    const baseURL = server.url;

    const db = createDb(postgres.url, { max: 40 });
    const secretKey = newSecretKey();
    const view = await createEndpointProfile({
      db,
      secretKey,
      input: { name: "bench", baseUrl: baseURL, model: "rosetta-scripted", maxConcurrency: CONCURRENCY },
    });
    const endpoint = await resolveEndpoint({ db, secretKey, id: view.id });
    const limiter = new PostgresLimiter(postgres.url, { maxConnections: CONCURRENCY + 4 });
    const gateway = new Gateway({ db, limiter });
    const bare = new OpenAI({ baseURL, apiKey: "not-needed", maxRetries: 0 });
    const messages = (i: number) => [{ role: "user" as const, content: `Propose a sample, number ${i}.` }];
    const headers = { "x-rosetta-role": "agent", "x-rosetta-task": "propose", "x-rosetta-language": "python" };

    const runBare = (round: number) => {
      let done = 0;
      return pool(CALLS, CONCURRENCY, async (i) => {
        const stream = await bare.chat.completions.create(
          { model: "rosetta-scripted", messages: messages(i), stream: true, stream_options: { include_usage: true } },
          { headers },
        );
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
        if (!text) throw new Error("empty answer");
        progress(`bare openai (${round})`, ++done, CALLS);
      });
    };
    const runGateway = (round: number) => {
      let done = 0;
      return pool(CALLS, CONCURRENCY, async (i) => {
        const result = await gateway.call(endpoint, {
          role: "agent",
          task: "propose",
          language: "python",
          stage: "bench",
          messages: messages(i),
          onToken: () => undefined,
        });
        if (!result.text) throw new Error("empty answer");
        progress(`gateway (${round})`, ++done, CALLS);
      });
    };

    await pool(
      CONCURRENCY,
      CONCURRENCY,
      async (i) => void (await gateway.call(endpoint, { role: "agent", stage: "warm-up", messages: messages(i) })),
    ); // warm connections
    const direct: { wall: number; cpu: number }[] = [];
    const through: { wall: number; cpu: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      direct.push(await runBare(round));
      through.push(await runGateway(round));
    }
    const bareMs = direct.map((r) => r.wall);
    const gatewayMs = through.map((r) => r.wall);
    const cpuPerCall = (rounds: { cpu: number }[]) => Number((median(rounds.map((r) => r.cpu)) / CALLS).toFixed(3));
    await gateway.close(); // writes the accounting rows still pending
    await limiter.close();
    const rows = await db.llmCall.count({ where: { stage: "bench" } });
    await db.$disconnect();

    const bareWall = median(bareMs);
    const gatewayWall = median(gatewayMs);
    console.log(`calls ${CALLS} at concurrency ${CONCURRENCY}, ${ROUNDS} rounds each, streamed`);
    console.log(
      `bare openai : ${bareMs.map((ms) => ms.toFixed(0)).join(", ")} ms (median ${bareWall.toFixed(0)} ms, ${((CALLS / bareWall) * 1000).toFixed(0)} calls/s)`,
    );
    console.log(
      `gateway     : ${gatewayMs.map((ms) => ms.toFixed(0)).join(", ")} ms (median ${gatewayWall.toFixed(0)} ms, ${((CALLS / gatewayWall) * 1000).toFixed(0)} calls/s)`,
    );
    console.log(`CPU per call in this process: bare ${cpuPerCall(direct)} ms, gateway ${cpuPerCall(through)} ms`);
    console.log(`llm_calls rows recorded by the gateway: ${rows}`);
    console.log(
      JSON.stringify({
        bench: "gateway",
        calls: CALLS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        bareMs: Math.round(bareWall),
        gatewayMs: Math.round(gatewayWall),
        bareCpuMsPerCall: cpuPerCall(direct),
        gatewayCpuMsPerCall: cpuPerCall(through),
        rows,
        ratio: Number((gatewayWall / bareWall).toFixed(3)),
      }),
    );
  } finally {
    await server.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
