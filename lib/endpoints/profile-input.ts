import { z } from "zod";
import type { StructuredOutputMode } from "@/lib/db/generated/enums";

/**
 * An endpoint profile's fields as people write them (the studio's form, the API, the CLI), shared
 * by the server (lib/llm/profiles.ts validates with it) and the browser (which checks a form with
 * it before sending, so each error shows beside its field).
 */

/** The structured-output modes as the API and the CLI spell them; the database holds the enum. */
export const STRUCTURED_OUTPUT_OPTIONS = ["auto", "json_schema", "json_object", "none"] as const;
export type StructuredOutputOption = (typeof STRUCTURED_OUTPUT_OPTIONS)[number];

/** One line each, for the form's select and the CLI's help. */
export const STRUCTURED_OUTPUT_HINTS: Record<StructuredOutputOption, string> = {
  auto: "probe the server once, then use the best it supports",
  json_schema: "response_format json_schema: the answer held to the contract's schema (OpenAI, vLLM, SGLang, llama.cpp, LM Studio)",
  json_object: "response_format json_object: any JSON object; the contract is checked afterwards",
  none: "no response_format: the prompt asks for JSON and the answer is parsed and repaired",
};

export const toStructuredOutputMode = (option: StructuredOutputOption) => option.toUpperCase() as StructuredOutputMode;
export const toStructuredOutputOption = (mode: StructuredOutputMode) => mode.toLowerCase() as StructuredOutputOption;

const StructuredOutput = z.enum(STRUCTURED_OUTPUT_OPTIONS, { error: `one of ${STRUCTURED_OUTPUT_OPTIONS.join(", ")}` });
const WHOLE = "a whole number above 0";
const positiveInt = () => z.number({ error: WHOLE }).int(WHOLE).positive(WHOLE);

const fields = {
  name: z.string().trim().min(1, "a name is needed").max(100),
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://localhost:8000/v1" }),
  model: z.string().trim().min(1, "the model id the server serves is needed"),
  apiKey: z.string().min(1).optional(),
  maxConcurrency: z.number().int().min(1).max(1024),
  requestsPerMinute: z.number().int().positive().nullish(),
  tokensPerMinute: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  topP: z.number().gt(0).max(1).nullish(),
  /** Overrides every role's default answer limit on this endpoint. */
  maxTokens: positiveInt().nullish(),
  /** The ceiling of the one retry after a truncated answer. */
  maxOutputTokens: positiveInt().nullish(),
  structuredOutput: StructuredOutput,
  inputPricePerMillion: z.number().min(0).nullish(),
  outputPricePerMillion: z.number().min(0).nullish(),
};

/**
 * The retry after a truncated answer may only ask for more than the first try did: a ceiling below
 * the answer limit would make every retry shorter than the answer that was cut.
 */
export function tokenLimitProblem({
  maxTokens,
  maxOutputTokens,
}: {
  maxTokens?: number | null;
  maxOutputTokens?: number | null;
}): string | null {
  if (maxTokens == null || maxOutputTokens == null || maxOutputTokens >= maxTokens) return null;
  return `max output tokens (${maxOutputTokens}) must be at least max tokens (${maxTokens}): it is the ceiling of the retry after a truncated answer`;
}

const checkTokenLimits = (value: { maxTokens?: number | null; maxOutputTokens?: number | null }, context: z.RefinementCtx) => {
  const problem = tokenLimitProblem(value);
  if (problem) context.addIssue({ code: "custom", path: ["maxOutputTokens"], message: problem });
};
/** Checked also when some other field is wrong (a form shows every error at once), unless a limit itself is. */
const limitsParsed: z.core.$ZodSuperRefineParams = {
  when: (payload) =>
    payload.issues.every((issue) => issue.path?.length && issue.path[0] !== "maxTokens" && issue.path[0] !== "maxOutputTokens"),
};

/** A new profile. */
export const EndpointProfileInput = z
  .object({ ...fields, maxConcurrency: fields.maxConcurrency.default(4), structuredOutput: fields.structuredOutput.default("auto") })
  .superRefine(checkTokenLimits, limitsParsed);
export type EndpointProfileInput = z.input<typeof EndpointProfileInput>;

/**
 * A change to a profile: only the fields given change; null clears an optional limit, and an
 * `apiKey` of null removes the key. The token-limit rule is checked against the stored values too.
 */
export const EndpointProfileUpdate = z
  .object({ ...fields, apiKey: z.string().min(1).nullable() })
  .partial()
  .strict()
  .superRefine(checkTokenLimits, limitsParsed);
export type EndpointProfileUpdate = z.input<typeof EndpointProfileUpdate>;
