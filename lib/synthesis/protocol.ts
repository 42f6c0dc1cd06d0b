import { diffSettings, PRESETS, type Override, type PresetId } from "@/lib/synthesis/presets";
import { parseProjectSettings, type ProjectSettings } from "@/lib/synthesis/settings";

/** Which preset a project runs with, what it changes over it, and the settings that result. */
export type ProtocolView = { preset: PresetId; label: string; overrides: Override[]; effective: ProjectSettings };

/**
 * For display (settings screen, CLI, provenance): throws the settings' own error when they do not
 * parse. The overrides are the synthesis protocol's: the review settings (`review.*`) are read when
 * an item is decided, not by a run, so a run's protocol line does not list them (nor a rubric's JSON);
 * `effective` still holds them.
 */
export function describeProtocol(raw: unknown): ProtocolView {
  const effective = parseProjectSettings(raw);
  const preset = effective.preset ?? "rosetta-default";
  const base = parseProjectSettings({ preset });
  const overrides = diffSettings(effective, base).filter((override) => !override.path.startsWith("review."));
  return { preset, label: PRESETS[preset].label, overrides, effective };
}

/**
 * The copy of its settings a run keeps: the effective settings, the preset named, and the project's
 * overrides as they stood when it started (read back, the schema drops `overrides`; defaults that
 * change later cannot turn a preset value into an apparent override).
 */
export function runSettingsCopy(raw: unknown): ProjectSettings & { overrides: Override[] } {
  const { preset, overrides, effective } = describeProtocol(raw);
  return { ...effective, preset, overrides };
}
