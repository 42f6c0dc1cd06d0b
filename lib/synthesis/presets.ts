/**
 * Named protocol presets: partial settings layered over the schema's defaults (the project's own
 * values go on top: lib/synthesis/settings.ts parseProjectSettings). A preset states only the values
 * it means, each with its reason, so defaults may change under it without changing what it says.
 * Client-safe: the settings form lists the presets and what they set.
 */

export const PRESET_IDS = ["rosetta-default", "xcoder-paper", "fast-draft"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export type PresetValue = {
  /** A settings path, e.g. "discussion.rounds". */
  path: string;
  value: unknown;
  /** Why this value: what the paper says, or the choice made where it is silent. */
  reason: string;
  /** The paper section it follows (research/paper.md), or "not in the paper". */
  source: string;
};

export type Preset = { id: PresetId; label: string; description: string; values: PresetValue[] };

export const PRESETS: Record<PresetId, Preset> = {
  "rosetta-default": {
    id: "rosetta-default",
    label: "Rosetta defaults",
    description: "The schema's defaults: the paper's mechanisms at a moderate cost, with Rosetta's verification and quality gate.",
    values: [],
  },
  "xcoder-paper": {
    id: "xcoder-paper",
    label: "xCoder paper",
    description:
      "The paper's settings where it states them, and documented choices where it does not. Bind the policy role to the SFT model's endpoint so DPO samples from the model being trained.",
    values: [
      {
        path: "seed.kinds",
        value: ["DS1", "DS2"],
        reason: "both seed sets: instruction first (Ds1) and answer first (Ds2)",
        source: "§2.2",
      },
      {
        path: "seed.threshold",
        value: 4,
        reason: "threshold not stated; strict, as about 30% of the snippets became seeds (100K → 30K)",
        source: "§3.3 (derived)",
      },
      { path: "agents.scope", value: "PER_SEED", reason: "every seed instance creates one agent", source: "§2.3" },
      {
        path: "agents.operationsPerDiscussion",
        value: "one",
        reason: "operations in the style of Evol-Instruct, which applies one per step; Fig. 3 names one",
        source: "§2.3, Fig. 3",
      },
      {
        path: "agents.eliminate",
        value: false,
        reason: "the paper keeps every generated sample in Ds3; elimination is Evol-Instruct's, not the paper's",
        source: "§2.5, §3.3",
      },
      {
        path: "memory.capacity",
        value: 8,
        reason: "a priority queue of capacity T, lowest score evicted; T not stated: 8 keeps [Memory] and [Reflection] short",
        source: "§2.3",
      },
      {
        path: "memory.similarityThreshold",
        value: 0.6,
        reason: "a sample enters only if unlike every stored one; measure and threshold not stated: MinHash Jaccard 0.6",
        source: "§2.3",
      },
      {
        path: "discussion.groupSize",
        value: 3,
        reason: "d agents per discussion, d not stated: a main agent and two helpers",
        source: "§2.4",
      },
      {
        path: "discussion.centralizedShare",
        value: 0.5,
        reason: "both modes, centralized and parallel; their mix not stated: half each",
        source: "§2.4",
      },
      {
        path: "discussion.debate",
        value: false,
        reason: "a discussion is one prompt F(A1; A2…Ad), not a multi-turn debate",
        source: "§2.4, Fig. 3",
      },
      {
        path: "discussion.targetPolicy",
        value: "round_robin",
        reason: "the target may be a new language or the same one, choice not stated: round-robin covers every language evenly",
        source: "§2.4",
      },
      {
        path: "discussion.rounds",
        value: 3,
        reason: "rounds not stated; several, so memories grow and reflections shape the next round's prompts",
        source: "§2.3–2.4",
      },
      {
        path: "verification.enabled",
        value: true,
        reason: "the paper runs code only for DPO; kept on so an SFT item's tests are known to pass",
        source: "§2.6; not in the paper for SFT",
      },
      {
        path: "dpo.queries",
        value: "fresh_run",
        reason: "DPO queries come from a further run of the framework, not from the SFT data",
        source: "§2.6",
      },
      { path: "dpo.samples", value: 128, reason: "128 answers sampled per query from the SFT model", source: "§2.6" },
      {
        path: "dpo.temperature",
        value: 0.8,
        reason: "temperature sampling, value not stated: 0.8 gives answers that differ",
        source: "§2.6",
      },
    ],
  },
  "fast-draft": {
    id: "fast-draft",
    label: "Fast draft",
    description: "Cheap, for trying a corpus: one round in small groups, no debate, few samples, no extra attempts.",
    values: [
      { path: "seed.kinds", value: ["DS1"], reason: "one seed pair per snippet halves the seed stage", source: "§2.2 uses both" },
      { path: "agents.eliminate", value: false, reason: "no judge call per discussion", source: "not in the paper" },
      { path: "discussion.rounds", value: 1, reason: "one round: a first look at what the agents make", source: "§2.4" },
      { path: "discussion.groupSize", value: 2, reason: "small groups: shorter prompts", source: "§2.4" },
      { path: "discussion.debate", value: false, reason: "one call per discussion", source: "§2.4" },
      {
        path: "verification.correctionRounds",
        value: 0,
        reason: "no self-correction calls after a failing test",
        source: "not in the paper",
      },
      { path: "quality.solveSamples", value: 1, reason: "one independent answer per item", source: "not in the paper" },
      { path: "quality.extraAttempts", value: 0, reason: "no extra attempts for an unsolved item", source: "not in the paper" },
      { path: "quality.coverage", value: false, reason: "no coverage runs", source: "not in the paper" },
      {
        path: "dpo.queries",
        value: "candidates",
        reason: "queries from the candidates already made: no further run",
        source: "§2.6 runs again",
      },
      { path: "dpo.samples", value: 4, reason: "few answers per query (the paper: 128)", source: "§2.6" },
    ],
  },
};

export const isPresetId = (id: unknown): id is PresetId => typeof id === "string" && (PRESET_IDS as readonly string[]).includes(id);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = object;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = structuredClone(value);
}

/** A preset as a partial settings object. */
export function presetSettings(id: PresetId): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const { path, value } of PRESETS[id].values) setPath(settings, path, value);
  return settings;
}

/** `over` on top of `under`: objects merge key by key, anything else (numbers, lists) replaces. */
function merge(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? merge(out[key] as Record<string, unknown>, value) : value;
  }
  return out;
}

/**
 * Stored settings with their preset's values under them (the schema's defaults fill in the rest).
 * An unknown preset is left as it is, for the schema to refuse by name.
 */
export function layerPreset(raw: unknown): unknown {
  if (!isPlainObject(raw) || !isPresetId(raw.preset)) return raw;
  return merge(presetSettings(raw.preset), raw);
}

/** A settings object as `path → value`, lists kept whole. */
export function flattenSettings(object: unknown, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!isPlainObject(object)) return out;
  for (const [key, value] of Object.entries(object)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) for (const [inner, leaf] of flattenSettings(value, path)) out.set(inner, leaf);
    else out.set(path, value);
  }
  return out;
}

export type Override = { path: string; value: unknown; presetValue: unknown };

/** Where `effective` differs from `base` (both filled in), path by path, sorted; the preset name itself is not an override. */
export function diffSettings(effective: unknown, base: unknown): Override[] {
  const left = flattenSettings(effective);
  const right = flattenSettings(base);
  const paths = [...new Set([...left.keys(), ...right.keys()])].filter((path) => path !== "preset").sort();
  return paths
    .filter((path) => JSON.stringify(left.get(path)) !== JSON.stringify(right.get(path)))
    .map((path) => ({ path, value: left.get(path), presetValue: right.get(path) }));
}

/** "discussion.rounds = 5, dpo.samples = 64" */
export const formatOverrides = (overrides: Pick<Override, "path" | "value">[]): string =>
  overrides.map((o) => `${o.path} = ${o.value === undefined ? "(unset)" : JSON.stringify(o.value)}`).join(", ");

/** "xCoder paper preset, with overrides: discussion.rounds = 5", or "Rosetta defaults" (the dataset card, the CLI). */
export function describePresetLine({
  id,
  label,
  overrides,
}: {
  id: string;
  label: string;
  overrides: Pick<Override, "path" | "value">[];
}): string {
  const name = id === "rosetta-default" ? label : `${label} preset`;
  return overrides.length ? `${name}, with overrides: ${formatOverrides(overrides)}` : name;
}
