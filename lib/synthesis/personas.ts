import { LANGUAGE_NAMES, type Language } from "@/lib/languages";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * An agent's profile p and evolution operations O (paper §2.3), per language: the project's own
 * (settings `agents.profiles`, `agents.evolutionOperationsByLanguage`) over the built-in ones. Read
 * when an agent is created, so a change applies to agents created afterwards. Shared with the
 * settings form, which shows the built-in defaults.
 */

const nameOf = (language: string) => LANGUAGE_NAMES[language as Language] ?? language;

/** The built-in profile (the System block): the paper's "programming expert" (Fig. 3) for one language. */
export function defaultAgentProfile(language: string): string {
  return `You are a ${nameOf(language)} programming expert who is good at designing high-quality engineering and algorithm problems, and at writing idiomatic, correct ${nameOf(language)} solutions with tests.`;
}

type AgentSettings = Pick<ProjectSettings["agents"], "profiles" | "evolutionOperations" | "evolutionOperationsByLanguage">;

export function agentProfileFor(agents: AgentSettings, language: string): string {
  return agents.profiles[language as Language] ?? defaultAgentProfile(language);
}

export function evolutionOperationsFor(agents: AgentSettings, language: string): string[] {
  return agents.evolutionOperationsByLanguage[language as Language] ?? agents.evolutionOperations;
}
