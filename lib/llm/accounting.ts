import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { uuidv7 } from "@/lib/ids";

/**
 * Write-behind accounting: every model call becomes an llm_calls row, written in batches off the
 * call's critical path. The id is known at once; `written` settles when the row is in the database
 * (wait for it before storing anything that references the row). A failed write is logged, never
 * turned into a failed call.
 */
export class CallRecorder {
  private queue: { data: Prisma.LlmCallCreateManyInput; done: () => void }[] = [];
  private scheduled = false;
  private writing = new Set<Promise<void>>();

  constructor(private readonly db: Db) {}

  record(data: Omit<Prisma.LlmCallCreateManyInput, "id">): { id: string; written: Promise<void> } {
    const id = uuidv7();
    const written = new Promise<void>((done) => this.queue.push({ data: { ...data, id }, done }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    return { id, written };
  }

  private drain(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0);
    if (!batch.length) return;
    const write = this.db.llmCall
      .createMany({ data: batch.map((entry) => entry.data) })
      .then(
        () => undefined,
        (error: Error) => console.error(`llm_calls: could not record ${batch.length} call(s): ${error.message}`),
      )
      .finally(() => {
        for (const entry of batch) entry.done();
        this.writing.delete(write);
      });
    this.writing.add(write);
  }

  /** Resolves when every row recorded so far is written. */
  async flush(): Promise<void> {
    this.drain();
    await Promise.all(this.writing);
  }
}

/**
 * Tokens counted here when the server sends no usage (some llama.cpp and Ollama builds, proxies
 * that drop the last chunk): cl100k_base, close enough for budgets and costs, and marked as estimated.
 */
export function estimateUsage(messages: ChatCompletionMessageParam[], answer: { text: string; reasoning: string | null }): { promptTokens: number; completionTokens: number } {
  let promptTokens = 3; // the reply's priming, as OpenAI counts it
  for (const message of messages) {
    const content = typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
    promptTokens += 4 + countTokens(content);
  }
  return { promptTokens, completionTokens: countTokens(answer.text) + (answer.reasoning ? countTokens(answer.reasoning) : 0) };
}
