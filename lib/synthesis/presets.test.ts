import { describe, expect, it } from "vitest";
import { describePresetLine, diffSettings, PRESET_IDS, PRESETS, presetSettings } from "@/lib/synthesis/presets";
import { describeProtocol, runSettingsCopy } from "@/lib/synthesis/protocol";
import { parseProjectSettings, ProjectSettings } from "@/lib/synthesis/settings";

const at = (object: unknown, path: string) =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], object);

describe("protocol presets", () => {
  it.each(PRESET_IDS)("%s parses under the current schema, and every value it states takes effect, with a reason", (id) => {
    const settings = parseProjectSettings({ preset: id });
    expect(settings.preset).toBe(id);
    for (const value of PRESETS[id].values) {
      expect(at(settings, value.path), value.path).toEqual(value.value);
      expect(value.reason.length).toBeGreaterThan(10);
      expect(value.source).not.toBe("");
    }
    // Nothing unknown to the schema: a preset path that the schema dropped would be a silent no-op.
    expect(Object.keys(presetSettings(id)).every((key) => key in ProjectSettings.parse({}))).toBe(true);
  });

  it("sets the paper's values in the xCoder preset", () => {
    const paper = parseProjectSettings({ preset: "xcoder-paper" });
    expect(paper).toMatchObject({
      agents: { scope: "PER_SEED" },
      discussion: { targetPolicy: "round_robin", debate: false, centralizedShare: 0.5 },
      dpo: { queries: "fresh_run", samples: 128 },
    });
    expect(paper.discussion.rounds).toBeGreaterThan(1);
    const draft = parseProjectSettings({ preset: "fast-draft" });
    expect(draft).toMatchObject({ discussion: { rounds: 1, debate: false }, quality: { extraAttempts: 0 } });
    expect(draft.dpo.samples).toBeLessThan(parseProjectSettings({}).dpo.samples);
  });

  it("layers defaults ← preset ← the project's own values, objects merged key by key", () => {
    const defaults = parseProjectSettings({});
    const settings = parseProjectSettings({ preset: "xcoder-paper", discussion: { rounds: 5 }, quality: { solveSamples: 2 } });
    expect(settings.discussion.rounds).toBe(5); // the project's own over the preset's 3
    expect(settings.discussion.targetPolicy).toBe("round_robin"); // the preset's, beside the override
    expect(settings.dpo.samples).toBe(128); // the preset's over the default
    expect(settings.quality.solveSamples).toBe(2);
    expect(settings.quality.coverage).toBe(defaults.quality.coverage); // neither: the default
    // Parsing the effective settings again (a run's copy) gives the same settings.
    expect(parseProjectSettings(settings)).toEqual(settings);
  });

  it("refuses an unknown preset, naming the field and the valid ones", () => {
    expect(() => parseProjectSettings({ preset: "paper" })).toThrow(
      'preset: unknown preset "paper"; the presets are rosetta-default, xcoder-paper, fast-draft',
    );
  });

  it("describes a project's preset and overrides, and a run's copy keeps them", () => {
    const view = describeProtocol({ preset: "xcoder-paper", discussion: { rounds: 5, targetPolicy: "round_robin" } });
    expect(view.preset).toBe("xcoder-paper");
    // A value equal to the preset's is no override.
    expect(view.overrides).toEqual([{ path: "discussion.rounds", value: 5, presetValue: 3 }]);
    expect(describePresetLine({ id: view.preset, label: view.label, overrides: view.overrides })).toBe(
      "xCoder paper preset, with overrides: discussion.rounds = 5",
    );
    expect(describeProtocol({}).preset).toBe("rosetta-default");
    expect(describePresetLine({ id: "rosetta-default", label: "Rosetta defaults", overrides: [] })).toBe("Rosetta defaults");
    const copy = runSettingsCopy({ preset: "fast-draft", discussion: { budgets: { rust: 7 } } });
    expect(copy).toMatchObject({ preset: "fast-draft", overrides: [{ path: "discussion.budgets.rust", value: 7 }] });
    expect(diffSettings(parseProjectSettings(copy), copy).map((o) => o.path)).toEqual(["overrides"]);
  });

  it("sets no review keys in any preset, and lists no review setting among a run's protocol overrides", () => {
    for (const id of PRESET_IDS) expect(PRESETS[id].values.filter((v) => v.path.startsWith("review"))).toEqual([]);
    for (const id of PRESET_IDS) expect(parseProjectSettings({ preset: id }).review).toEqual(parseProjectSettings({}).review);
    const rubric = [{ id: "clarity", label: "Clear?", kind: "scale", aspect: "clarity" }];
    const view = describeProtocol({ preset: "xcoder-paper", discussion: { rounds: 5 }, review: { overlap: 2, rubric } });
    expect(view.overrides.map((o) => o.path)).toEqual(["discussion.rounds"]);
    // The settings themselves are kept: a run's copy and a version's provenance record them.
    expect(view.effective.review).toMatchObject({ overlap: 2, rubric: [{ id: "clarity", required: false }] });
    expect(runSettingsCopy({ review: { overlap: 3 } })).toMatchObject({ overrides: [], review: { overlap: 3 } });
  });
});
