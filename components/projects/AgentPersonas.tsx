"use client";

import { useState } from "react";
import { LANGUAGE_NAMES, LANGUAGES, type Language } from "@/lib/languages";
import { defaultAgentProfile } from "@/lib/synthesis/personas";
import { EVOLUTION_OPERATIONS } from "@/lib/synthesis/settings";

/** Per language, as typed: blank is "the default" (the built-in profile, the project's operations). */
export type Personas = Record<Language, { profile: string; operations: string }>;

type Stored = { profiles?: Partial<Record<string, string>>; evolutionOperationsByLanguage?: Partial<Record<string, string[]>> };

export function personasOf(agents: Stored | undefined): Personas {
  return Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      {
        profile: agents?.profiles?.[language] ?? "",
        operations: (agents?.evolutionOperationsByLanguage?.[language] ?? []).join("\n"),
      },
    ]),
  ) as Personas;
}

/** The settings' `agents.profiles` and `agents.evolutionOperationsByLanguage`: only the languages given their own. */
export function applyPersonas(agents: Record<string, unknown>, personas: Personas): void {
  const profiles: Record<string, string> = {};
  const operations: Record<string, string[]> = {};
  for (const language of LANGUAGES) {
    const { profile, operations: text } = personas[language];
    if (profile.trim()) profiles[language] = profile.trim();
    const lines = text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length) operations[language] = lines;
  }
  agents.profiles = profiles;
  agents.evolutionOperationsByLanguage = operations;
}

function Badge({ custom, testId }: { custom: boolean; testId: string }) {
  return (
    <span
      data-testid={testId}
      className={`rounded px-1.5 text-xs font-normal ${custom ? "bg-sky-100 text-sky-800" : "bg-slate-100 text-slate-600"}`}
    >
      {custom ? "custom" : "default"}
    </span>
  );
}

/**
 * Each language's agent profile (the System block) and evolution operations, one language at a
 * time; blank shows, and keeps, the default. Read when agents are created, so a change reaches the
 * agents created afterwards only.
 */
export function AgentPersonas({
  value,
  onChange,
  projectOperations,
}: {
  value: Personas;
  onChange: (next: Personas) => void;
  /** The project's operations for every language (`agents.evolutionOperations`), the default here. */
  projectOperations: readonly string[] | undefined;
}) {
  const [language, setLanguage] = useState<Language>("python");
  const current = value[language];
  const put = (patch: Partial<Personas[Language]>) => onChange({ ...value, [language]: { ...current, ...patch } });
  const defaults = projectOperations?.length ? projectOperations : EVOLUTION_OPERATIONS;
  const reset = "rounded-md border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-50";
  return (
    <div className="space-y-2 rounded-md border border-slate-200 p-3" data-testid="agent-personas">
      <div className="flex flex-wrap items-center gap-2">
        <label className="font-medium" htmlFor="persona-language">
          Profile and evolution operations for
        </label>
        <select
          id="persona-language"
          data-testid="persona-language"
          value={language}
          onChange={(event) => setLanguage(event.target.value as Language)}
          className="rounded-md border border-slate-300 px-2 py-1"
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {LANGUAGE_NAMES[code]}
              {value[code].profile.trim() || value[code].operations.trim() ? " (custom)" : ""}
            </option>
          ))}
        </select>
      </div>
      <p className="text-xs text-slate-500">
        Applies to agents created after you save; existing agents keep the profile and operations they were created with.
      </p>
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="persona-profile" className="font-medium">
            Agent profile
          </label>
          <Badge custom={Boolean(current.profile.trim())} testId="persona-profile-badge" />
          <button
            type="button"
            className={reset}
            disabled={!current.profile}
            onClick={() => put({ profile: "" })}
            data-testid="persona-profile-reset"
          >
            Reset to default
          </button>
        </div>
        <textarea
          id="persona-profile"
          data-testid="persona-profile"
          rows={3}
          value={current.profile}
          placeholder={defaultAgentProfile(language)}
          onChange={(event) => put({ profile: event.target.value })}
          className="w-full rounded-md border border-slate-300 px-2 py-1"
        />
      </div>
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <label htmlFor="persona-operations" className="font-medium">
            Evolution operations (one per line)
          </label>
          <Badge custom={Boolean(current.operations.trim())} testId="persona-operations-badge" />
          <button
            type="button"
            className={reset}
            disabled={!current.operations}
            onClick={() => put({ operations: "" })}
            data-testid="persona-operations-reset"
          >
            Reset to default
          </button>
        </div>
        <textarea
          id="persona-operations"
          data-testid="persona-operations"
          rows={5}
          value={current.operations}
          placeholder={defaults.join("\n")}
          onChange={(event) => put({ operations: event.target.value })}
          className="w-full rounded-md border border-slate-300 px-2 py-1"
        />
      </div>
    </div>
  );
}
