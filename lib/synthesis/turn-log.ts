import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { TurnKind } from "@/lib/db/generated/enums";
import type { Messages } from "@/lib/agents/prompts";
import { uuidv7 } from "@/lib/ids";
import type { SynthesisServices } from "@/lib/synthesis/services";
import { llmCallsInsert, type LlmCallRecord } from "@/lib/llm/accounting";
import type { CallResult } from "@/lib/llm/gateway";
import { asItemFailure, ItemFailure, isUnusableKind } from "@/lib/synthesis/items";

/**
 * A discussion's event log (lib/synthesis/discussion.ts): each step is a PROMPT turn and an answer
 * turn, or an ERROR turn when the answer failed. Replayed after a crash, a step with an answer
 * returns it, a stored prompt without one is sent again, and a step whose answer was unusable
 * (BadOutput, Truncated) fails again the same way without being paid for again.
 */

/** `prompt`: a PROMPT turn's messages (stored once in prompts, lib/synthesis/turn-log.ts storePrompt). */
export type TurnRow = { seq: number; kind: TurnKind; payload: Prisma.JsonValue; prompt?: { messages: Prisma.JsonValue } | null };

/** What a discussion's log is read with (lib/synthesis/discussion.ts). */
export const TURN_ROW_SELECT = { seq: true, kind: true, payload: true, prompt: { select: { messages: true } } } as const;

/**
 * A prompt's messages, stored once: a PROMPT turn references them instead of holding them (the text
 * shown is rendered from them, promptText). The hash is taken in SQL, over the jsonb text, so it is
 * the same as the migration that moved older turns' messages. Two identical prompts share one row.
 */
async function storePrompt(db: Db, messages: Messages): Promise<string> {
  const json = JSON.stringify(messages);
  const find = () =>
    db.$queryRaw<{ id: string }[]>`
      select id::text from prompts where hash = encode(sha256(convert_to(${json}::jsonb::text, 'UTF8')), 'hex')`;
  const [inserted] = await db.$queryRaw<{ id: string }[]>`
    insert into prompts (id, hash, messages)
    values (${uuidv7()}::uuid, encode(sha256(convert_to(${json}::jsonb::text, 'UTF8')), 'hex'), ${json}::jsonb)
    on conflict (hash) do nothing returning id::text`;
  const id = inserted?.id ?? (await find())[0]?.id;
  if (!id) throw new Error("a prompt could not be stored");
  return id;
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
  constructor(
    private readonly db: Db,
    private readonly services: SynthesisServices,
    private readonly discussionId: string,
    private readonly turns: TurnRow[],
    /** Called before each new piece of work (a turn boundary): throws to stop, e.g. when the run was cancelled. */
    private readonly checkpoint: () => Promise<void> = async () => undefined,
  ) {}

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
    // Stored first: a crash between the two leaves a prompt no turn references, which the replay's identical prompt reuses.
    const promptId = messages ? await storePrompt(this.db, messages) : null;
    // One statement, the answer's llm_calls row in a CTE: one round trip between a discussion's calls.
    await this.db.$executeRaw`
      with call as (${call ? llmCallsInsert([call]) : Prisma.sql`select 1`})
      insert into turns (id, discussion_id, seq, round, kind, agent_id, language, content, payload, llm_call_id, prompt_id)
      values (${uuidv7()}::uuid, ${this.discussionId}::uuid, ${seq}, ${fields.round}, ${fields.kind}::turn_kind, ${fields.agentId}::uuid,
              ${fields.language}, ${fields.content}, ${JSON.stringify(fields.payload)}::jsonb, ${fields.llmCallId ?? null}::uuid, ${promptId}::uuid)`;
    this.turns.push({
      seq,
      kind: data.kind,
      payload: data.payload as Prisma.JsonValue,
      prompt: messages ? { messages: messages as unknown as Prisma.JsonValue } : null,
    });
    this.services.live.event({ type: "turn", discussionId: this.discussionId, seq, kind: data.kind });
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
