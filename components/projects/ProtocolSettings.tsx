"use client";

import { useMemo, useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { FormField } from "@/components/FormField";
import { messageOf } from "@/components/api";
import { OverrideMarker } from "@/components/projects/OverrideMarker";
import { PresetPicker } from "@/components/projects/PresetPicker";
import { useUpdateProject } from "@/components/data/projects";
import { AgentPersonas, applyPersonas, personasOf, type Personas } from "@/components/projects/AgentPersonas";
import { LANGUAGE_NAMES, LANGUAGES } from "@/lib/languages";
import type { ProjectConfig } from "@/lib/projects/config-types";
import { isPresetId, PRESETS, type PresetId } from "@/lib/synthesis/presets";
import { ProjectSettings, TARGET_POLICIES } from "@/lib/synthesis/settings";

type Field =
  | { path: string; label: string; kind: "number"; step?: string; help?: string }
  | { path: string; label: string; kind: "boolean"; help?: string }
  | { path: string; label: string; kind: "select"; options: readonly string[]; help?: string };

/** The protocol fields people tune, grouped as the paper's stages; the rest (evolution operations, sandbox limits) is kept as stored. */
const GROUPS: { title: string; fields: Field[] }[] = [
  {
    title: "Seed pairs",
    fields: [{ path: "seed.threshold", label: "Keep a seed pair scoring at least (1–5)", kind: "number", step: "0.1" }],
  },
  {
    title: "Agents and memory",
    fields: [
      {
        path: "agents.scope",
        label: "Agent scope",
        kind: "select",
        options: ["PER_SEED", "PER_LANGUAGE"],
        help: "PER_SEED: one agent per kept seed (the paper); PER_LANGUAGE: one persistent agent per language",
      },
      {
        path: "agents.operationsPerDiscussion",
        label: "Evolution operations per discussion",
        kind: "select",
        options: ["one", "all"],
        help: "one: one operation drawn per discussion and recorded on its candidate (Evol-Instruct); all: every operation listed in the prompt",
      },
      {
        path: "agents.eliminate",
        label: "Eliminate evolutions the scorer judges no harder or no different than their source",
        kind: "boolean",
      },
      { path: "memory.capacity", label: "Memory capacity (T)", kind: "number" },
      { path: "memory.similarityThreshold", label: "Too similar at (Jaccard, 0–1)", kind: "number", step: "0.05" },
    ],
  },
  {
    title: "Discussions",
    fields: [
      { path: "discussion.groupSize", label: "Agents per discussion (d)", kind: "number" },
      { path: "discussion.centralizedShare", label: "Share centralized (0–1; the rest parallel)", kind: "number", step: "0.05" },
      { path: "discussion.targetPolicy", label: "Target language", kind: "select", options: TARGET_POLICIES },
      { path: "discussion.rounds", label: "Discussion rounds per run", kind: "number" },
      { path: "discussion.debate", label: "Multi-turn debate (propose → critique → revise)", kind: "boolean" },
      { path: "discussion.debateRounds", label: "Debate rounds", kind: "number" },
    ],
  },
  {
    title: "Verification",
    fields: [
      { path: "verification.enabled", label: "Run each candidate's tests in the sandbox", kind: "boolean" },
      { path: "verification.correctionRounds", label: "Self-correction rounds", kind: "number" },
    ],
  },
  {
    title: "Quality gate",
    fields: [
      { path: "quality.decontaminate", label: "Flag items that leak a benchmark problem", kind: "boolean" },
      { path: "quality.duplicateThreshold", label: "Near duplicates at (Jaccard, 0.3–1)", kind: "number", step: "0.05" },
      { path: "quality.solveSamples", label: "Answers sampled per instruction (k)", kind: "number" },
      { path: "quality.extraAttempts", label: "Extra attempts for an unsolved item", kind: "number" },
      { path: "quality.solveTemperature", label: "Sampling temperature", kind: "number", step: "0.1" },
      {
        path: "quality.keep",
        label: "Passing answer kept",
        kind: "select",
        options: ["fewest_tokens", "best_scored"],
        help: "fewest_tokens: the shortest passing answer; best_scored: the one the scorer rates highest",
      },
      { path: "quality.coverage", label: "Measure line coverage (Python, JavaScript, TypeScript, Go)", kind: "boolean" },
    ],
  },
  {
    title: "DPO",
    fields: [
      { path: "dpo.samples", label: "Answers sampled per query", kind: "number" },
      { path: "dpo.temperature", label: "Temperature", kind: "number", step: "0.1" },
      { path: "dpo.pairsPerQuery", label: "Pairs kept per query", kind: "number" },
      {
        path: "dpo.queries",
        label: "Queries",
        kind: "select",
        options: ["fresh_run", "candidates"],
        help: "fresh_run: the candidates the same run's discussions make (the paper; run discuss and dpo together); candidates: existing ones no reviewer rejected. Samples come from the policy role, or the response generator when it is unbound",
      },
    ],
  },
];

function get(object: unknown, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), object);
}

function set(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = object;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  if (value === undefined) delete node[keys.at(-1)!];
  else node[keys.at(-1)!] = value;
}

/** What a number box holds, as the schema will see it: blank is "not set" (the default), anything else a number (NaN if it is not one). */
const numberOf = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** A settings value as its field shows it. */
const shown = (field: Field, value: unknown): string | boolean =>
  field.kind === "boolean" ? Boolean(value) : value === undefined ? "" : String(value);

/** The field holds what the preset (over the defaults) gives it: blank counts as that, as it is "not set". */
function inherits(field: Field, value: string | boolean, base: unknown): boolean {
  if (field.kind === "number") return (value as string).trim() === "" || Number(value) === base;
  return value === shown(field, base);
}

/** Drops the empty objects a cleared field leaves behind, so only the project's own values are stored. */
function prune(node: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(node)) {
    if (!value || typeof value !== "object" || Array.isArray(value)) continue;
    prune(value as Record<string, unknown>);
    if (!Object.keys(value).length) delete node[key];
  }
}

/**
 * The protocol settings as a form, checked by the same zod schema every run reads them with
 * (lib/synthesis/settings.ts) before it is sent: each bad field says why, beside it.
 */
export function ProtocolSettings({ config }: { config: ProjectConfig }) {
  const update = useUpdateProject(config.slug);
  const fields = GROUPS.flatMap((group) => group.fields);
  const [preset, setPreset] = useState<PresetId>(() =>
    isPresetId(config.storedSettings.preset) ? config.storedSettings.preset : "rosetta-default",
  );
  // What the chosen preset gives each field over the defaults: a field that differs is the project's own (an override).
  const base = useMemo(() => ProjectSettings.parse({ preset }), [preset]);
  const [values, setValues] = useState<Record<string, string | boolean>>(() => {
    const initial: Record<string, string | boolean> = {};
    for (const field of GROUPS.flatMap((group) => group.fields)) {
      const value = get(config.settings, field.path);
      initial[field.path] = field.kind === "boolean" ? Boolean(value) : value === undefined ? "" : String(value);
    }
    for (const language of LANGUAGES) {
      const budget = get(config.settings, `discussion.budgets.${language}`);
      initial[`discussion.budgets.${language}`] = budget === undefined ? "" : String(budget);
    }
    return initial;
  });
  const agentSettings = (config.settings as { agents?: Parameters<typeof personasOf>[0] & { evolutionOperations?: string[] } }).agents;
  const [personas, setPersonas] = useState<Personas>(() => personasOf(agentSettings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  /** Another preset: fields that held the old preset's value take the new one's; the project's own values stay. */
  const choosePreset = (next: PresetId) => {
    const nextBase = ProjectSettings.parse({ preset: next });
    setValues((current) => {
      const out = { ...current };
      for (const field of fields)
        if (inherits(field, current[field.path]!, get(base, field.path))) out[field.path] = shown(field, get(nextBase, field.path));
      return out;
    });
    setPreset(next);
  };

  /** Only what differs from the preset is stored, so the preset (and the defaults under it) can change under the rest. */
  const build = (): Record<string, unknown> => {
    const settings = structuredClone(config.storedSettings);
    if (preset === "rosetta-default") delete settings.preset;
    else settings.preset = preset;
    for (const field of fields) {
      const value = values[field.path]!;
      const own = !inherits(field, value, get(base, field.path));
      set(settings, field.path, !own ? undefined : field.kind === "number" ? numberOf(value as string) : value);
    }
    set(settings, "agents.profiles", {});
    applyPersonas(get(settings, "agents") as Record<string, unknown>, personas);
    set(settings, "discussion.budgets", {});
    for (const language of LANGUAGES)
      set(settings, `discussion.budgets.${language}`, numberOf(values[`discussion.budgets.${language}`] as string));
    prune(settings);
    return settings;
  };

  const marker = (field: Field) => {
    const value = values[field.path]!;
    const from = get(base, field.path);
    if (inherits(field, value, from)) return null;
    const text = (v: string | boolean) => (typeof v === "boolean" ? (v ? "on" : "off") : v);
    return (
      <OverrideMarker
        path={field.path}
        presetLabel={PRESETS[preset].label}
        from={text(shown(field, from))}
        to={text(value)}
        onReset={() => setValues((v) => ({ ...v, [field.path]: shown(field, from) }))}
      />
    );
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setError(null);
    const settings = build();
    const parsed = ProjectSettings.safeParse(settings);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await update.mutateAsync({ settings });
      setMessage("Saved; runs started from now on use these settings.");
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field) => {
    const common = {
      "data-testid": `setting-${field.path}`,
      className: "w-full rounded-md border border-slate-300 px-2 py-1",
      "aria-invalid": errors[field.path] ? true : undefined,
    };
    if (field.kind === "boolean")
      return (
        <input
          type="checkbox"
          {...common}
          className=""
          checked={values[field.path] as boolean}
          onChange={(event) => setValues((v) => ({ ...v, [field.path]: event.target.checked }))}
        />
      );
    if (field.kind === "select")
      return (
        <select
          {...common}
          value={values[field.path] as string}
          onChange={(event) => setValues((v) => ({ ...v, [field.path]: event.target.value }))}
        >
          {field.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      );
    return (
      <input
        type="number"
        step={field.step ?? "1"}
        {...common}
        value={values[field.path] as string}
        onChange={(event) => setValues((v) => ({ ...v, [field.path]: event.target.value }))}
      />
    );
  };
  const known = new Set([
    ...GROUPS.flatMap((group) => group.fields.map((field) => field.path)),
    ...LANGUAGES.map((language) => `discussion.budgets.${language}`),
  ]);
  const other = Object.entries(errors).filter(([path]) => !known.has(path));

  return (
    <form onSubmit={(event) => void save(event)} noValidate className="space-y-5 text-sm" data-testid="protocol-form">
      <PresetPicker value={preset} onChange={choosePreset} />
      {GROUPS.map((group) => (
        <fieldset key={group.title} className="space-y-2">
          <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">{group.title}</legend>
          <div className="grid grid-cols-2 gap-3">
            {group.fields.map((field) => (
              <FormField
                key={field.path}
                errorTestId={`field-error-${field.path}`}
                label={field.label}
                help={field.help}
                error={errors[field.path]}
              >
                {input(field)}
                {marker(field)}
              </FormField>
            ))}
          </div>
          {group.title === "Agents and memory" && (
            <AgentPersonas value={personas} onChange={setPersonas} projectOperations={agentSettings?.evolutionOperations} />
          )}
        </fieldset>
      ))}
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Budgets: candidates per target language (blank: no limit)
        </legend>
        <div className="grid grid-cols-5 gap-3">
          {LANGUAGES.map((language) => {
            const path = `discussion.budgets.${language}`;
            return (
              <FormField key={language} errorTestId={`field-error-${path}`} label={LANGUAGE_NAMES[language]} error={errors[path]}>
                <input
                  type="number"
                  data-testid={`setting-${path}`}
                  value={values[path] as string}
                  onChange={(event) => setValues((v) => ({ ...v, [path]: event.target.value }))}
                  className="w-full rounded-md border border-slate-300 px-2 py-1"
                />
              </FormField>
            );
          })}
        </div>
      </fieldset>
      {other.length > 0 && (
        <ErrorNote testId="protocol-other-errors">{other.map(([path, text]) => `${path || "settings"}: ${text}`).join("; ")}</ErrorNote>
      )}
      {error && <ErrorNote testId="protocol-error">{error}</ErrorNote>}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          data-testid="protocol-save"
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
        >
          Save protocol
        </button>
        {message && (
          <span data-testid="protocol-message" className="text-emerald-700">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
