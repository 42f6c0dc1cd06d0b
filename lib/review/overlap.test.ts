import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { overlapDraw, requiredDecisions } from "@/lib/review/overlap";
import { parseProjectSettings } from "@/lib/synthesis/settings";

describe("requiredDecisions", () => {
  it("is one decision at the defaults", () => {
    const { review } = parseProjectSettings({});
    expect(review).toEqual({ overlap: 1, overlapByLanguage: {}, overlapShare: 1, rubric: [] });
    expect(requiredDecisions(review, { id: randomUUID(), language: "python" })).toBe(1);
  });

  it("takes the language's overlap over the project's, for the share of items drawn", () => {
    const { review } = parseProjectSettings({ review: { overlap: 2, overlapByLanguage: { rust: 3 } } });
    const id = randomUUID();
    expect(requiredDecisions(review, { id, language: "python" })).toBe(2);
    expect(requiredDecisions(review, { id, language: "rust" })).toBe(3);
    const ids = Array.from({ length: 4000 }, () => randomUUID());
    const spot = parseProjectSettings({ review: { overlap: 2, overlapShare: 0.25 } }).review;
    const drawn = ids.filter((i) => requiredDecisions(spot, { id: i, language: "go" }) === 2).length;
    expect(drawn / ids.length).toBeGreaterThan(0.2);
    expect(drawn / ids.length).toBeLessThan(0.3);
    // Stable: the same item draws the same every time.
    expect(ids.map(overlapDraw)).toEqual(ids.map(overlapDraw));
  });

  it("refuses a rubric with repeated ids or a bad aspect, naming the field", () => {
    expect(() =>
      parseProjectSettings({
        review: {
          rubric: [
            { id: "clarity", kind: "scale", label: "Clarity", aspect: "clarity" },
            { id: "clarity", kind: "text", label: "Notes" },
          ],
        },
      }),
    ).toThrow(/review\.rubric: question ids used more than once: clarity/);
    expect(() => parseProjectSettings({ review: { rubric: [{ id: "x", kind: "scale", label: "X", aspect: "beauty" }] } })).toThrow(
      /review\.rubric\.0\.aspect/,
    );
  });
});
