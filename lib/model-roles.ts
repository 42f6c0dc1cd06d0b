import { z } from "zod";

/**
 * The model roles of the pipeline, each bound to an endpoint profile per project: the settings page
 * lists them, the engine calls through them, the LLM contracts (lib/llm/contracts.ts) say what each
 * is asked and must answer.
 */
export const LLM_ROLES = ["instruction_generator", "response_generator", "agent", "scorer", "test_writer", "policy"] as const;
export const LlmRoleName = z.enum(LLM_ROLES);
export type LlmRoleName = z.infer<typeof LlmRoleName>;

/**
 * Roles a run may start without: the policy (the model being trained) is often not served yet, and
 * the DPO stage then samples from the response generator, saying so in the run summary.
 */
export const OPTIONAL_ROLES: readonly LlmRoleName[] = ["policy"];
export const REQUIRED_ROLES = LLM_ROLES.filter((role) => !OPTIONAL_ROLES.includes(role));
