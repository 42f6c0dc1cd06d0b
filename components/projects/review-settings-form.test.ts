import { describe, expect, it } from "vitest";
import {
  applyReviewDraft,
  effectiveIds,
  newQuestion,
  overlapChange,
  questionIdOf,
  reviewDraftOf,
  rubricOf,
  shareProblem,
  uniqueQuestionId,
  type QuestionDraft,
} from "@/components/projects/review-settings-form";
import { Rubric } from "@/lib/review/rubric-types";
import { ProjectSettings } from "@/lib/synthesis/settings";

const defaults = ProjectSettings.parse({}).review;
const question = (patch: Partial<QuestionDraft>): QuestionDraft => ({ ...newQuestion(), ...patch });

describe("questionIdOf", () => {
  it("makes an id the rubric's rule accepts from any label", () => {
    expect(questionIdOf("Is the code clear?")).toBe("is_the_code_clear");
    expect(questionIdOf("  Café — naïve élan  ")).toBe("cafe_naive_elan");
    expect(questionIdOf("5-star rating")).toBe("q_5_star_rating");
    expect(questionIdOf("???")).toBe("q");
    expect(questionIdOf("")).toBe("q");
    const long = questionIdOf("How well does the solution handle every edge case the instruction implies?");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).not.toMatch(/_$/);
    for (const label of [
      "Is the code clear?",
      "5-star rating",
      "???",
      "Ünïcödé",
      "a".repeat(100),
      "x_______________________________________y",
    ])
      expect(Rubric.safeParse([{ id: questionIdOf(label), label: "L", kind: "text" }]).success, label).toBe(true);
  });

  it("keeps derived ids distinct, suffixing a repeat, and never touches a pinned one", () => {
    expect(uniqueQuestionId("Clarity", new Set(["clarity"]))).toBe("clarity_2");
    expect(uniqueQuestionId("Clarity", new Set(["clarity", "clarity_2"]))).toBe("clarity_3");
    expect(uniqueQuestionId("c".repeat(60), new Set(["c".repeat(40)]))).toBe(`${"c".repeat(38)}_2`);
    expect(
      effectiveIds([
        question({ label: "Clarity" }),
        question({ label: "Clarity" }),
        question({ label: "Whatever", id: "clarity", idPinned: true }),
      ]),
    ).toEqual(["clarity", "clarity_2", "clarity"]);
  });
});

describe("rubricOf", () => {
  it("writes each kind as the schema reads it, dropping blank help, blank labels and a missing aspect", () => {
    const rubric = rubricOf([
      question({ label: "Clarity", kind: "scale", aspect: "clarity", required: true, help: " readable? " }),
      question({ label: "Overall", kind: "scale" }),
      question({ label: "Problems", kind: "labels", options: "off-topic\n\n  wrong language \n", multiple: false }),
      question({ label: "Notes", kind: "text", aspect: "clarity", options: "ignored" }),
    ]);
    expect(rubric).toEqual([
      { id: "clarity", label: "Clarity", help: "readable?", required: true, kind: "scale", aspect: "clarity" },
      { id: "overall", label: "Overall", required: false, kind: "scale" },
      { id: "problems", label: "Problems", required: false, kind: "labels", options: ["off-topic", "wrong language"], multiple: false },
      { id: "notes", label: "Notes", required: false, kind: "text" },
    ]);
    expect(Rubric.parse(rubric)).toHaveLength(4);
  });

  it("reads saved questions back with their ids pinned (answers are stored under them)", () => {
    const saved = Rubric.parse([
      { id: "q1", label: "Clarity", kind: "scale", aspect: "clarity" },
      { id: "tags", label: "Tags", kind: "labels", options: ["a", "b"], multiple: false },
    ]);
    const draft = reviewDraftOf({ ...defaults, rubric: saved });
    expect(draft.rubric.map((q) => [q.id, q.idPinned, q.options, q.multiple])).toEqual([
      ["q1", true, "", true],
      ["tags", true, "a\nb", false],
    ]);
    expect(rubricOf(draft.rubric)).toEqual(saved);
  });
});

describe("applyReviewDraft: only what differs from the preset is stored", () => {
  const stored = {
    preset: "xcoder-paper",
    discussion: { rounds: 5 },
    review: { overlap: 3, rubric: [{ id: "old", label: "Old", kind: "text" }] },
  };

  it("stores nothing for review when the form shows the preset's values, keeping other sections", () => {
    const settings = applyReviewDraft(stored, reviewDraftOf(defaults), defaults);
    expect(settings).toEqual({ preset: "xcoder-paper", discussion: { rounds: 5 } });
    expect(stored.review.overlap).toBe(3); // the stored object is not changed in place
  });

  it("stores the project's own overlap, per-language overlap, share and rubric", () => {
    const draft = reviewDraftOf(defaults);
    draft.overlap = "2";
    draft.overlapByLanguage.rust = "3";
    draft.overlapByLanguage.python = "";
    draft.sharePercent = "10";
    draft.rubric = [question({ label: "Clarity", aspect: "clarity" })];
    const settings = applyReviewDraft({}, draft, defaults);
    expect(settings).toEqual({
      review: {
        overlap: 2,
        overlapByLanguage: { rust: 3 },
        overlapShare: 0.1,
        rubric: [{ id: "clarity", label: "Clarity", required: false, kind: "scale", aspect: "clarity" }],
      },
    });
    expect(ProjectSettings.parse(settings).review.overlapByLanguage).toEqual({ rust: 3 });
  });

  it("drops a value equal to the preset's, and a language equal to what the preset gives it", () => {
    const base = { ...defaults, overlap: 2, overlapByLanguage: { go: 2 } };
    const draft = reviewDraftOf(base);
    draft.overlapByLanguage.rust = "2";
    expect(applyReviewDraft({}, draft, base)).toEqual({ review: { overlapByLanguage: { rust: 2 } } });
  });

  it("passes what is not a number on for the schema to name (NaN), and a blank as not set", () => {
    const draft = reviewDraftOf(defaults);
    draft.overlap = "two";
    draft.sharePercent = "";
    const settings = applyReviewDraft({}, draft, defaults) as { review: { overlap: number } };
    expect(settings.review.overlap).toBeNaN();
    expect(ProjectSettings.safeParse(settings).error?.issues[0]?.path).toEqual(["review", "overlap"]);
  });

  it("shows a stored share as a percentage and saves it back unchanged", () => {
    const draft = reviewDraftOf({ ...defaults, overlap: 2, overlapShare: 0.125 });
    expect(draft.sharePercent).toBe("12.5");
    expect(reviewDraftOf({ ...defaults, overlapShare: 0.1 }).sharePercent).toBe("10");
    expect(applyReviewDraft({}, draft, defaults)).toEqual({ review: { overlap: 2, overlapShare: 0.125 } });
  });
});

describe("shareProblem and overlapChange", () => {
  it("refuses a share outside 0–100 % in the form's own words", () => {
    expect(shareProblem("10")).toBeNull();
    expect(shareProblem("")).toBeNull();
    expect(shareProblem("0")).toBeNull();
    expect(shareProblem("150")).toBe("a percentage from 0 to 100");
    expect(shareProblem("-1")).toBe("a percentage from 0 to 100");
    expect(shareProblem("abc")).toBe("a percentage from 0 to 100");
  });

  it("says whether items in review will need more annotators or fewer", () => {
    const draft = reviewDraftOf(defaults);
    expect(overlapChange(defaults, draft)).toEqual({ raised: false, lowered: false });
    draft.overlapByLanguage.rust = "2";
    expect(overlapChange(defaults, draft)).toEqual({ raised: true, lowered: false });
    const two = { ...defaults, overlap: 2 };
    expect(overlapChange(two, reviewDraftOf({ ...two, overlap: 1 }))).toEqual({ raised: false, lowered: true });
    expect(overlapChange(two, { ...reviewDraftOf(two), sharePercent: "10" })).toEqual({ raised: false, lowered: true });
    // A share change with no overlap above 1 anywhere changes nothing.
    expect(overlapChange(defaults, { ...reviewDraftOf(defaults), sharePercent: "10" })).toEqual({ raised: false, lowered: false });
    expect(overlapChange(defaults, { ...reviewDraftOf(defaults), overlap: "x" })).toEqual({ raised: false, lowered: false });
  });
});
