import { z } from "zod";
import { ASPECTS } from "@/lib/llm/contracts";

/**
 * A project's rubric: the questions its annotators answer when they decide an item (settings key
 * `review.rubric`). A "scale" question is answered 1–5 and may name one of the scorer's nine aspects,
 * so the scorer's score on the same aspect can be held to the humans' (lib/review/agreement);
 * "labels" picks from a taxonomy; "text" is free. Client-safe: the settings form and the review
 * panel read these shapes.
 */

export const RUBRIC_KINDS = ["scale", "labels", "text"] as const;
export type RubricKind = (typeof RUBRIC_KINDS)[number];
/** The scale every "scale" question uses, the scorer's own (1 very bad … 5 very good). */
export const RUBRIC_SCALE = { min: 1, max: 5 } as const;

const QuestionBase = {
  /** Stable key of the answers: lower-case letters, digits and underscores, e.g. "clarity". */
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "is 1-40 lower-case letters, digits or underscores, starting with a letter"),
  label: z.string().trim().min(1).max(200),
  help: z.string().max(1000).optional(),
  /** A decision without an answer to it is refused. */
  required: z.boolean().default(false),
};

export const RubricQuestion = z.discriminatedUnion("kind", [
  z.object({
    ...QuestionBase,
    kind: z.literal("scale"),
    /** The scorer's aspect this question asks about, when it does (compared with the LLM judge). */
    aspect: z.enum(ASPECTS).optional(),
  }),
  z.object({
    ...QuestionBase,
    kind: z.literal("labels"),
    /** The taxonomy: the labels an annotator may pick. */
    options: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
    /** Several labels per answer (true), or exactly one. */
    multiple: z.boolean().default(true),
  }),
  z.object({ ...QuestionBase, kind: z.literal("text") }),
]);
export type RubricQuestion = z.infer<typeof RubricQuestion>;
export type RubricQuestionInput = z.input<typeof RubricQuestion>;

export const Rubric = z
  .array(RubricQuestion)
  .max(30)
  .superRefine((questions, ctx) => {
    const ids = questions.map((q) => q.id);
    const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    if (repeated.length) ctx.addIssue({ code: "custom", message: `question ids used more than once: ${repeated.join(", ")}` });
    for (const [i, q] of questions.entries()) {
      if (q.kind === "labels" && new Set(q.options).size !== q.options.length)
        ctx.addIssue({ code: "custom", path: [i, "options"], message: "lists a label more than once" });
    }
  });
export type Rubric = z.infer<typeof Rubric>;

/** One answer: a 1–5 score, the labels picked, or text. */
export const RubricAnswer = z.union([z.number(), z.array(z.string()), z.string()]);
export type RubricAnswer = z.infer<typeof RubricAnswer>;
/** An annotator's answers, by question id (a question left unanswered is absent). */
export const RubricAnswers = z.record(z.string(), RubricAnswer);
export type RubricAnswers = z.infer<typeof RubricAnswers>;

/**
 * Checks answers against the rubric they answer: every key a question, each value of its kind
 * (an integer 1–5, labels from the taxonomy, text up to 4,000 characters), every required question
 * answered. Returns the problems, one per question, in words; empty when the answers are good.
 */
export function rubricProblems(rubric: Rubric, answers: RubricAnswers): string[] {
  const problems: string[] = [];
  const byId = new Map(rubric.map((q) => [q.id, q]));
  for (const key of Object.keys(answers)) if (!byId.has(key)) problems.push(`"${key}" is not a question of this project's rubric`);
  for (const q of rubric) {
    const answer = answers[q.id];
    const empty = answer === undefined || (Array.isArray(answer) && answer.length === 0) || (typeof answer === "string" && !answer.trim());
    if (empty) {
      if (q.required) problems.push(`"${q.label}" needs an answer`);
      continue;
    }
    if (q.kind === "scale") {
      if (typeof answer !== "number" || !Number.isInteger(answer) || answer < RUBRIC_SCALE.min || answer > RUBRIC_SCALE.max)
        problems.push(`"${q.label}" is answered with a whole number from ${RUBRIC_SCALE.min} to ${RUBRIC_SCALE.max}`);
    } else if (q.kind === "labels") {
      if (!Array.isArray(answer)) problems.push(`"${q.label}" is answered with a list of labels`);
      else {
        const unknown = answer.filter((label) => !q.options.includes(label));
        if (unknown.length)
          problems.push(
            `"${q.label}" has no label ${unknown.map((l) => JSON.stringify(l)).join(", ")} (its labels: ${q.options.join(", ")})`,
          );
        else if (!q.multiple && answer.length > 1) problems.push(`"${q.label}" takes one label`);
      }
    } else if (typeof answer !== "string" || answer.length > 4000)
      problems.push(`"${q.label}" is answered with text of at most 4,000 characters`);
  }
  return problems;
}
