import type { z } from "zod";
import type { Language } from "@/lib/languages";

/** What the caller knows that an answer may leave out (the language asked for fills a missing one). */
export interface AnswerContext {
  language?: Language;
}

/**
 * A role's answer contract: what is stored (`schema`, the canonical shape), what is sent as
 * `response_format` (`jsonSchema`, derived from the same zod schema, an object at the top level),
 * and how the shapes real models write are brought to the canonical one before validation.
 */
export interface Contract<T> {
  name: string;
  schema: z.ZodType<T>;
  /** The JSON schema for `response_format: {type: "json_schema"}` (OpenAI wants an object at the top). */
  jsonSchema: Record<string, unknown>;
  /** A full, valid JSON example of the wire shape, shown to the model in the repair round. */
  example: string;
  /** The key the wire shape wraps the stored value in (the scorer's `{"scores": […]}`), for naming fields in errors. */
  wireKey?: string;
  /** Tolerant coercion of parsed JSON towards the canonical shape (aliases, enum spellings, scores…). */
  normalize(data: unknown, context: AnswerContext): unknown;
  /** The markdown shape (prose and fenced blocks under headings), for contracts that have one. */
  fromMarkdown?(answer: string, context: AnswerContext): unknown;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
