import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { TurnKind } from "@/lib/db/generated/enums";
import type { Messages } from "@/lib/agents/prompts";
import { uuidv7 } from "@/lib/ids";
import type { SynthesisServices } from "@/lib/synthesis/services";
import { llmCallsInsert, type LlmCallRecord } from "@/lib/llm/accounting";
import type { CallResult } from "@/lib/llm/gateway";
import { asItemFailure, ItemFailure, isUnusableKind, RunCancelled } from "@/lib/synthesis/items";

/**
 * A discussion's event log (lib/synthesis/discussion.ts): each step is a PROMPT turn and an answer
 * turn, or an ERROR turn when the answer failed. Replayed after a crash, a step with an answer
 * returns it, a stored prompt without one is sent again, and a step whose answer was unusable
 * (BadOutput, Truncated) fails again the same way without being paid for again.
 */

/** `prompt`: a PROMPT turn's messages (stored once in prompts, promptInsert below). */
export type TurnRow = { seq: number; kind: TurnKind; payload: Prisma.JsonValue; prompt?: { messages: Prisma.JsonValue } | null };

/**
 * A prompt's messages, stored once: a PROMPT turn references them instead of holding them (the text
 * shown is rendered from them, promptText). The hash is taken in SQL, over the jsonb text, so it is
 * the same as the migration that moved older turns' messages. Two identical prompts share one row.
 * CTEs of the turn's own insert: `prompt` is the new row's id or the stored one's; empty (and the turn
 * not stored) only when another transaction stored the same prompt after this statement began, which
 * its next try sees (prompts rows are immutable, so an upsert cannot return it).
 */
function promptInsert(messages: Messages | undefined): Prisma.Sql {
  if (!messages) return Prisma.sql`prompt as (select null::uuid as id)`;
  const json = JSON.stringify(messages);
  const hash = Prisma.sql`encode(sha256(convert_to(${json}::jsonb::text, 'UTF8')), 'hex')`;
  return Prisma.sql`
    new_prompt as (
      insert into prompts (id, hash, messages) values (${uuidv7()}::uuid, ${hash}, ${json}::jsonb)
      on conflict (hash) do nothing returning id
    ),
    prompt as (select id from new_prompt union all select id from prompts where hash = ${hash})`;
}

interface StepPayload {
  step: string;
  output?: unknown;
  /** ERROR turns: the failure's message, its LlmError kind and the raw answer, if any. */
  message?: string;
  errorKind?: string | null;
  raw?: string | null;
}

export class TurnLog {
  /**
   * The run's status as read by the last statement that stored a turn, until a checkpoint uses it:
   * undefined when nothing read it since the last checkpoint (which then reads it itself).
   */
  private runStatus: string | null | undefined;

  constructor(
    private readonly db: Db,
    private readonly services: SynthesisServices,
    private readonly discussionId: string,
    private readonly turns: TurnRow[],
    /**
     * The run the discussion belongs to: a cancelled run's discussion stops at its next turn boundary
     * (before each new piece of work), with what it stored kept. `status`: the run's status if the
     * caller has just read it (the first boundary then needs no statement).
     */
    private readonly run: { id: string; status?: string } | null = null,
  ) {
    this.runStatus = run?.status;
  }

  /**
   * A turn boundary: throws RunCancelled when the run was cancelled. The status comes with the last
   * turn stored (read by its statement, right before this boundary: no model call or sandbox run
   * lies between), else it is read here: one statement per boundary fewer, with the same boundaries.
   */
  private async checkpoint(): Promise<void> {
    if (!this.run) return;
    let status = this.runStatus;
    this.runStatus = undefined;
    if (status === undefined) {
      const [row] = await this.db.$queryRaw<{ status: string }[]>`
        select status::text from synthesis_runs where id = ${this.run.id}::uuid`;
      status = row?.status ?? null;
    }
    if (status === "CANCELLED") throw new RunCancelled();
  }

  private payloadOf(turn: TurnRow): StepPayload | undefined {
    return turn.payload && typeof turn.payload === "object" && !Array.isArray(turn.payload)
      ? (turn.payload as unknown as StepPayload)
      : undefined;
  }

  /** A PROMPT turn's messages, stored once in prompts. */
  private messagesOf(turn: TurnRow): Messages {
    const messages = turn.prompt?.messages as Messages | undefined;
    if (!messages) throw new Error(`turn ${turn.seq} of discussion ${this.discussionId} has no prompt`);
    return messages;
  }

  private find(step: string, prompt: boolean): TurnRow | undefined {
    return this.turns.find((turn) => (turn.kind === "PROMPT") === prompt && turn.kind !== "ERROR" && this.payloadOf(turn)?.step === step);
  }

  /** The ERROR turn of a step whose answer was unusable: the step is not asked again on replay. */
  private unusable(step: string): StepPayload | undefined {
    const turn = this.turns.find(
      (t) => t.kind === "ERROR" && this.payloadOf(t)?.step === step && isUnusableKind(this.payloadOf(t)?.errorKind),
    );
    return turn && this.payloadOf(turn);
  }

  private nextSeq(): number {
    return (this.turns.at(-1)?.seq ?? 0) + 1;
  }

  /** `call`: the answer's llm_calls row, not written yet: written with the turn, in one transaction (lib/synthesis/steps.ts says why). */
  async append(
    data: {
      kind: TurnKind;
      agentId: string | null;
      language: string;
      round: number;
      content: string;
      payload: StepPayload & Record<string, unknown>;
      llmCallId?: string;
      /** A PROMPT turn's messages, stored once (its content stays empty). */
      messages?: Messages;
    },
    call?: LlmCallRecord,
  ): Promise<void> {
    const seq = this.nextSeq();
    const { messages, ...fields } = data;
    const published = await this.services.live.turnStoring(this.discussionId, seq, data.kind);
    // One statement: the prompt (stored once), the answer's llm_calls row, the turn, its live
    // notifications, and the run's status for the next turn boundary (checkpoint). Only a PROMPT turn
    // can find its prompt missing (promptInsert), and it has no llm_calls row: trying again is safe.
    for (let tries = 1; ; tries++) {
      const [row] = await this.db.$queryRaw<{ runStatus: string | null; stored: number }[]>`
        with ${promptInsert(messages)},
        call as (${call ? llmCallsInsert([call]) : Prisma.sql`select 1`}),
        turn as (
          insert into turns (id, discussion_id, seq, round, kind, agent_id, language, content, payload, llm_call_id, prompt_id)
          select ${uuidv7()}::uuid, ${this.discussionId}::uuid, ${seq}, ${fields.round}, ${fields.kind}::turn_kind, ${fields.agentId}::uuid,
                 ${fields.language}, ${fields.content}, ${JSON.stringify(fields.payload)}::jsonb, ${fields.llmCallId ?? null}::uuid, prompt.id
            from prompt
          returning seq
        ),
        ${published}
        select r.status::text as "runStatus", (select count(*) from turn)::int as stored
          from notified left join synthesis_runs r on r.id = ${this.run?.id ?? null}::uuid`;
      this.runStatus = row?.runStatus ?? null;
      if (row?.stored) break;
      if (tries === 3) throw new Error(`turn ${seq} of discussion ${this.discussionId}: its prompt could not be stored`);
    }
    this.turns.push({
      seq,
      kind: data.kind,
      payload: data.payload as Prisma.JsonValue,
      prompt: messages ? { messages: messages as unknown as Prisma.JsonValue } : null,
    });
  }

  /** The payload of the first PROMPT turn (the proposal's): what the discussion asked, from its log. */
  firstPromptPayload(): Prisma.JsonValue | undefined {
    return this.turns.find((turn) => turn.kind === "PROMPT")?.payload;
  }

  /** A step that is not a model call (a verification run): one turn, reused on replay. */
  async record<T>(
    step: string,
    meta: { kind: TurnKind; agentId: string | null; language: string; round: number },
    work: () => Promise<{ value: T; content: string }>,
  ): Promise<T> {
    const done = this.find(step, false);
    if (done) return this.payloadOf(done)!.output as T;
    await this.checkpoint();
    const { value, content } = await work();
    await this.append({ ...meta, content, payload: { step, output: value } });
    return value;
  }

  /**
   * One model call as two turns (the prompt, then the answer), or the stored answer when the log has
   * it. A failure is an ERROR turn and is thrown as an ItemFailure; `giveUp` says, on that turn, what
   * the discussion does without this answer when it was unusable.
   */
  async step<T>(
    step: string,
    meta: { kind: TurnKind; agentId: string | null; language: string; round: number },
    render: () => Promise<{ messages: Messages; extra?: Record<string, unknown> }>,
    call: (messages: Messages, onToken: (delta: string) => void) => Promise<{ value: T; result: CallResult }>,
    { giveUp }: { giveUp?: string } = {},
  ): Promise<T> {
    const answered = this.find(step, false);
    if (answered) return this.payloadOf(answered)!.output as T;
    const failed = this.unusable(step);
    if (failed) throw new ItemFailure(failed.message ?? "the answer was unusable", failed.raw ?? undefined, failed.errorKind ?? undefined);
    await this.checkpoint();
    let prompt = this.find(step, true);
    if (!prompt) {
      const { messages, extra } = await render();
      await this.append({ ...meta, kind: "PROMPT", content: "", payload: { step, ...extra }, messages });
      prompt = this.turns.at(-1)!;
    }
    const seq = this.nextSeq();
    try {
      const { value, result } = await call(this.messagesOf(prompt), this.services.live.stream(this.discussionId, seq));
      await result.recorded; // the turn references the llm_calls row (unless it is written with the turn: `result.row`)
      // The answer is the turn's content; a reasoning model's thoughts ride along, shown folded.
      await this.append(
        {
          ...meta,
          content: result.text,
          payload: { step, output: value, ...(result.reasoning ? { reasoning: result.reasoning } : {}) },
          llmCallId: result.llmCallId,
        },
        result.row,
      );
      return value;
    } catch (error) {
      const failure = asItemFailure(error);
      if (!failure) throw error;
      const content = giveUp && isUnusableKind(failure.kind) ? `${failure.message}\n${giveUp}` : failure.message;
      await this.append({
        ...meta,
        kind: "ERROR",
        content,
        payload: { step, message: failure.message, errorKind: failure.kind ?? null, raw: failure.raw ?? null },
      });
      throw failure;
    }
  }
}
