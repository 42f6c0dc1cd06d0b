import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { LlmRole } from "@/lib/db/generated/enums";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { uuidv7 } from "@/lib/ids";

/** One llm_calls row, as the gateway knows it. */
export interface LlmCallRow {
  projectId: string | null;
  runId: string | null;
  endpointProfileId: string | null;
  role: LlmRole;
  model: string;
  stage: string;
  language: string | null;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  attempts: number;
  finishReason: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  rawOutput: string | null;
  costUsd: number | null;
}

/** An llm_calls row with its id, ready to be written. */
export type LlmCallRecord = LlmCallRow & { id: string };

/**
 * The INSERT of llm_calls rows, one statement for any number: a column of values per field,
 * unnested. As SQL, so that a step can put it in a CTE of the statement that stores its answer
 * (one round trip, atomic: lib/synthesis/steps.ts, turn-log.ts).
 */
export function llmCallsInsert(rows: LlmCallRecord[]): Prisma.Sql {
  const column = <K extends keyof LlmCallRecord>(key: K) => rows.map((row) => row[key]);
  return Prisma.sql`
    insert into llm_calls (id, project_id, run_id, endpoint_profile_id, role, model, stage, language, prompt_tokens, completion_tokens,
                           usage_estimated, latency_ms, time_to_first_token_ms, attempts, finish_reason, error_code, error_message, raw_output, cost_usd)
    select * from unnest(${column("id")}::uuid[], ${column("projectId")}::uuid[], ${column("runId")}::uuid[], ${column("endpointProfileId")}::uuid[],
                         ${column("role")}::llm_role[], ${column("model")}::text[], ${column("stage")}::text[], ${column("language")}::text[],
                         ${column("promptTokens")}::int[], ${column("completionTokens")}::int[], ${column("usageEstimated")}::boolean[],
                         ${column("latencyMs")}::int[], ${column("timeToFirstTokenMs")}::int[], ${column("attempts")}::int[],
                         ${column("finishReason")}::text[], ${column("errorCode")}::text[], ${column("errorMessage")}::text[],
                         ${column("rawOutput")}::text[], ${column("costUsd")}::numeric[])`;
}

/** The INSERT of llm_calls rows, as a PrismaPromise (to batch in a transaction). */
export function insertLlmCalls(db: Db, rows: LlmCallRecord[]): Prisma.PrismaPromise<number> {
  return db.$executeRaw(llmCallsInsert(rows));
}

/**
 * Write-behind accounting: every model call becomes an llm_calls row, written off the call's
 * critical path. The id is known at once; `written` settles when the row is in the database (wait
 * for it before storing anything that references the row). Group commit: one INSERT at a time, and
 * what arrives while it runs goes into the next one, so the batch grows with the load instead of
 * one statement per call (Prisma's per-query cost was most of what the gateway added to a call). A
 * failed write is logged, never turned into a failed call.
 */
export class CallRecorder {
  private queue: { row: LlmCallRecord; done: () => void }[] = [];
  private scheduled = false;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  record(data: LlmCallRow): { id: string; written: Promise<void> } {
    const id = uuidv7();
    const written = new Promise<void>((done) => this.queue.push({ row: { ...data, id }, done }));
    if (!this.scheduled && !this.inFlight) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    return { id, written };
  }

  /**
   * A row that is not queued: the step that keeps the call's answer writes it, in the same
   * transaction as the answer (lib/synthesis/steps.ts, turn-log.ts). Written behind, the row could
   * reach the database while the step did not (a kill between the two writes): a call paid for,
   * referenced by nothing, and bought again by the replay.
   */
  prepare(data: LlmCallRow): LlmCallRecord {
    return { ...data, id: uuidv7() };
  }

  private drain(): void {
    this.scheduled = false;
    if (this.inFlight) return; // the write in flight drains again when it ends
    const batch = this.queue.splice(0, 1_000);
    if (!batch.length) return;
    this.inFlight = this.insert(batch.map((entry) => entry.row))
      .catch((error: Error) => console.error(`llm_calls: could not record ${batch.length} call(s): ${error.message}`))
      .finally(() => {
        for (const entry of batch) entry.done();
        this.inFlight = undefined;
        if (this.queue.length) this.drain();
      });
  }

  private async insert(rows: LlmCallRecord[]): Promise<void> {
    await insertLlmCalls(this.db, rows);
  }

  /** Resolves when every row recorded so far is written. */
  async flush(): Promise<void> {
    while (this.queue.length || this.inFlight) {
      if (!this.inFlight) this.drain();
      await this.inFlight;
    }
  }
}

/**
 * Tokens counted here when the server sends no usage (some llama.cpp and Ollama builds, proxies
 * that drop the last chunk): cl100k_base, close enough for budgets and costs, and marked as estimated.
 */
export async function estimateUsage(
  messages: ChatCompletionMessageParam[],
  answer: { text: string; reasoning: string | null },
): Promise<{ promptTokens: number; completionTokens: number }> {
  // Loaded on first need: the encoder's tables cost memory and start-up time most servers never ask for.
  const { countTokens } = await import("gpt-tokenizer/encoding/cl100k_base");
  let promptTokens = 3; // the reply's priming, as OpenAI counts it
  for (const message of messages) {
    const content = typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
    promptTokens += 4 + countTokens(content);
  }
  return { promptTokens, completionTokens: countTokens(answer.text) + (answer.reasoning ? countTokens(answer.reasoning) : 0) };
}
