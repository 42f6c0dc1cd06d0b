import type { LlmRoleName } from "@/lib/model-roles";

/**
 * How long an answer may be, per role. Servers differ wildly when no limit is sent (llama.cpp: until
 * the context is full; Ollama: 128 tokens on some versions; OpenAI: the model's maximum), so the
 * gateway always sends one. The defaults leave room for a reasoning model's thoughts before the
 * answer; an endpoint's `maxTokens` replaces them all.
 */
export const ROLE_MAX_TOKENS: Record<LlmRoleName, number> = {
  instruction_generator: 2048,
  response_generator: 4096,
  policy: 4096,
  test_writer: 4096,
  scorer: 3072,
  agent: 6144,
};

/** The ceiling of the one retry after a truncated answer, when the endpoint does not name its own. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 16_384;

/** The retry after a truncated answer asks for this many times the limit (up to the ceiling). */
const TRUNCATION_GROWTH = 4;

export function answerLimit(endpoint: { maxTokens: number | null }, role: LlmRoleName, asked?: number): number {
  return asked ?? endpoint.maxTokens ?? ROLE_MAX_TOKENS[role];
}

/** The limit of the retry after `limit` truncated the answer; undefined when there is no room left to grow. */
export function retryLimit(endpoint: { maxOutputTokens: number | null }, limit: number): number | undefined {
  const ceiling = endpoint.maxOutputTokens ?? Math.max(DEFAULT_MAX_OUTPUT_TOKENS, limit);
  const next = Math.min(ceiling, limit * TRUNCATION_GROWTH);
  return next > limit ? next : undefined;
}
