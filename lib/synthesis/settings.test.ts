import { describe, expect, it } from "vitest";
import { parseProjectSettings, projectLanguages } from "@/lib/synthesis/settings";

describe("project settings", () => {
  it("fills every decision the paper leaves open with a default", () => {
    const settings = parseProjectSettings({});
    expect(settings.seed).toEqual({ kinds: ["DS1", "DS2"], threshold: 3.5 });
    expect(settings.agents.scope).toBe("PER_SEED");
    expect(settings.memory).toEqual({ capacity: 3, similarityThreshold: 0.6 });
    expect(settings.discussion).toMatchObject({ groupSize: 3, debate: false, targetPolicy: "round_robin", rounds: 3 });
  });

  it("keeps what is given and names every bad field", () => {
    expect(parseProjectSettings({ discussion: { groupSize: 2 } }).discussion.groupSize).toBe(2);
    expect(() => parseProjectSettings({ memory: { capacity: 0 }, discussion: { targetPolicy: "random", budgets: { cobol: 3 } } })).toThrow(
      /memory\.capacity.*discussion\.targetPolicy/s,
    );
  });

  it("reads the project's languages, all ten when it names none", () => {
    expect(projectLanguages([])).toHaveLength(10);
    expect(projectLanguages(["rust", "cobol", "go"])).toEqual(["rust", "go"]);
  });
});
