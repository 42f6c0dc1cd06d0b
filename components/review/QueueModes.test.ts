import { describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, filterQuery } from "@/components/review/QueueFilters";
import { modeQuery } from "@/components/review/QueueModes";
import { answeredOnly, answerText } from "@/components/review/RubricForm";
import { QueueQuery } from "@/lib/review/queue-types";
import { Rubric, rubricProblems } from "@/lib/review/rubric-types";

describe("the review queue's modes", () => {
  const filters = filterQuery({ ...DEFAULT_FILTERS, language: "go", review: "REJECTED" });

  it("ask the to-do queue for the viewer's undecided items, whatever review status the filters had", () => {
    const todo = modeQuery("todo", filters);
    expect(todo).toEqual({ language: "go", sort: "newest", hideClaimed: "others", todo: "mine" });
    expect(QueueQuery.parse(todo)).toMatchObject({ todo: "mine", language: "go", hideClaimed: "others" });
  });

  it("ask the adjudication queue for disputed items, and leave the filters as they are for all items", () => {
    const adjudication = modeQuery("adjudication", filters);
    expect(adjudication).toEqual({ language: "go", sort: "newest", hideClaimed: "others", review: "DISPUTED" });
    expect(QueueQuery.parse(adjudication)).toMatchObject({ review: "DISPUTED" });
    expect(modeQuery("all", filters)).toBe(filters);
  });
});

describe("rubric answers on the review screen", () => {
  const rubric = Rubric.parse([
    { id: "clarity", kind: "scale", label: "Clarity", aspect: "clarity", required: true },
    { id: "issues", kind: "labels", label: "Issues", options: ["vague", "wrong tests"], required: true },
    { id: "note", kind: "text", label: "Note" },
  ]);

  it("send only what was answered: an emptied text or label list counts as unanswered, as the server reads it", () => {
    const answers = answeredOnly({ clarity: 4, issues: [], note: "  " });
    expect(answers).toEqual({ clarity: 4 });
    expect(rubricProblems(rubric, answers)).toEqual(['"Issues" needs an answer']);
    expect(rubricProblems(rubric, answeredOnly({ clarity: 4, issues: ["vague"], note: "" }))).toEqual([]);
  });

  it("show an answer in words: a score out of five, labels listed, text as written", () => {
    expect(answerText(rubric[0], 4)).toBe("4 / 5");
    expect(answerText(rubric[1], ["vague", "wrong tests"])).toBe("vague, wrong tests");
    expect(answerText(rubric[2], "see the tests")).toBe("see the tests");
    // An answer to a question the rubric no longer has still shows.
    expect(answerText(undefined, "kept")).toBe("kept");
  });
});
