import { describe, expect, it } from "vitest";
import { describeReviewSettings } from "@/lib/review/describe-review";
import { parseProjectSettings } from "@/lib/synthesis/settings";

const review = (raw: unknown) => parseProjectSettings({ review: raw }).review;

describe("describeReviewSettings", () => {
  it("says one annotator and no rubric by default", () => {
    expect(describeReviewSettings(review({}))).toBe("1 annotator per item; no rubric");
    // A share without any overlap changes nothing, and says nothing.
    expect(describeReviewSettings(review({ overlapShare: 0.1 }))).toBe("1 annotator per item; no rubric");
  });

  it("names the overlap, the languages' own, the share and each question's kind in one line", () => {
    const line = describeReviewSettings(
      review({
        overlapByLanguage: { rust: 2 },
        overlapShare: 0.125,
        rubric: [
          { id: "clarity", label: "Clear?", kind: "scale", aspect: "clarity", required: true },
          { id: "issues", label: "Issues", kind: "labels", options: ["a", "b"], multiple: false },
          { id: "notes", label: "Notes", kind: "text" },
        ],
      }),
    );
    expect(line).toBe(
      "1 annotator per item (Rust 2) for 12.5 % of items, the others 1; rubric: clarity (1–5, scorer's clarity, required), issues (labels, one), notes (text)",
    );
    expect(describeReviewSettings(review({ overlap: 2 }))).toBe("2 annotators per item; no rubric");
  });
});
