import { z } from "zod";

/**
 * The model roles of the pipeline, each bound to an endpoint profile per project: the settings page
 * lists them, the engine calls through them, the LLM contracts (lib/llm/contracts.ts) say what each
 * is asked and must answer.
 */
export const LLM_ROLES = ["instruction_generator", "response_generator", "agent", "scorer", "test_writer"] as const;
export const LlmRoleName = z.enum(LLM_ROLES);
export type LlmRoleName = z.infer<typeof LlmRoleName>;
