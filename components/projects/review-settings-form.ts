import type { Aspect } from "@/lib/review/aspect-label-types";
import { LANGUAGES, type Language } from "@/lib/languages";
import type { RubricKind, RubricQuestion, RubricQuestionInput } from "@/lib/review/rubric-types";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * The review settings (`review.*` of lib/synthesis/settings.ts) as the settings form holds them, as
 * typed, and back: numbers as text (blank is "not set"), the spot-check share as a percentage, the
 * rubric's labels one per line. Pure, so the id rule and the override diff are tested without a page.
 */

type Review = ProjectSettings["review"];

export interface QuestionDraft {
  /** React's key: stays with the question when it moves. */
  key: string;
  id: string;
  /** Whether the id is the project's own choice; if not, it follows the label as it is typed. */
  idPinned: boolean;
  label: string;
  help: string;
  required: boolean;
  kind: RubricKind;
  /** "" when the scale question names no scorer aspect. */
  aspect: Aspect | "";
  /** The taxonomy of a labels question, one label per line. */
  options: string;
  multiple: boolean;
}

export interface ReviewDraft {
  overlap: string;
  /** Blank: the project's overlap. */
  overlapByLanguage: Record<Language, string>;
  /** The share of items that get the overlap, as a percentage 0–100. */
  sharePercent: string;
  rubric: QuestionDraft[];
}

const ID_MAX = 40;

/**
 * A question id from its label, e.g. "Is the code clear?" → "is_the_code_clear": lower-case ASCII
 * letters, digits and underscores, starting with a letter (the rubric's id rule), at most 40 long.
 */
export function questionIdOf(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const id = /^[a-z]/.test(words) ? words : `q_${words}`.replace(/_+$/, "");
  return id.slice(0, ID_MAX).replace(/_+$/, "");
}

/** `questionIdOf(label)`, made distinct from the ids already taken ("clarity_2"). */
export function uniqueQuestionId(label: string, taken: ReadonlySet<string>): string {
  const id = questionIdOf(label);
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = id.slice(0, ID_MAX - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
  }
}

let drafted = 0;
/** A stable, unique React key for a question made in this page. */
const newKey = () => `q${++drafted}`;

/** A new question at the end of the rubric: a 1–5 scale, its id following its label until the curator edits the id. */
export function newQuestion(): QuestionDraft {
  return {
    key: newKey(),
    id: "",
    idPinned: false,
    label: "",
    help: "",
    required: false,
    kind: "scale",
    aspect: "",
    options: "",
    multiple: true,
  };
}

/** A saved question as the form holds it: its id is pinned, since answers are stored under it. */
function questionDraftOf(question: RubricQuestion): QuestionDraft {
  return {
    ...newQuestion(),
    id: question.id,
    idPinned: true,
    label: question.label,
    help: question.help ?? "",
    required: question.required,
    kind: question.kind,
    aspect: question.kind === "scale" ? (question.aspect ?? "") : "",
    options: question.kind === "labels" ? question.options.join("\n") : "",
    multiple: question.kind === "labels" ? question.multiple : true,
  };
}

/** The form's starting values, from the project's effective settings (defaults and preset filled in). */
export function reviewDraftOf(review: Partial<Review> | undefined): ReviewDraft {
  const byLanguage = review?.overlapByLanguage ?? {};
  return {
    overlap: String(review?.overlap ?? 1),
    overlapByLanguage: Object.fromEntries(
      LANGUAGES.map((language) => [language, byLanguage[language] === undefined ? "" : String(byLanguage[language])]),
    ) as Record<Language, string>,
    sharePercent: String(roundPercent((review?.overlapShare ?? 1) * 100)),
    rubric: (review?.rubric ?? []).map(questionDraftOf),
  };
}

/** 12.5 stays 12.5, 10.000000000000002 becomes 10. */
const roundPercent = (percent: number) => Math.round(percent * 1e6) / 1e6;

/** What a number box holds, as the schema will see it: blank is "not set", anything else a number (NaN if it is not one). */
const numberOf = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** A question's id as it will be saved: the typed one when pinned, else the label's, distinct from the questions before it. */
export function effectiveIds(rubric: readonly QuestionDraft[]): string[] {
  const taken = new Set<string>();
  return rubric.map((question) => {
    const id = question.idPinned ? question.id : uniqueQuestionId(question.label, taken);
    taken.add(id);
    return id;
  });
}

/** The rubric as the settings store it (the schema checks it; empty help and a "no aspect" are left out). */
export function rubricOf(rubric: readonly QuestionDraft[]): RubricQuestionInput[] {
  const ids = effectiveIds(rubric);
  return rubric.map((question, i) => {
    const common = {
      id: ids[i]!,
      label: question.label,
      ...(question.help.trim() && { help: question.help.trim() }),
      required: question.required,
    };
    if (question.kind === "scale") return { ...common, kind: "scale", ...(question.aspect && { aspect: question.aspect }) };
    if (question.kind === "labels") {
      const options = question.options
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean);
      return { ...common, kind: "labels", options, multiple: question.multiple };
    }
    return { ...common, kind: "text" };
  });
}

/** A percentage typed for the share, or a problem in words (checked before the schema, which sees 0–1). */
export function shareProblem(sharePercent: string): string | null {
  const percent = numberOf(sharePercent);
  if (percent === undefined) return null;
  return Number.isFinite(percent) && percent >= 0 && percent <= 100 ? null : "a percentage from 0 to 100";
}

/**
 * The project's stored settings with the review section replaced by the form's, keeping only what
 * differs from `base` (the chosen preset over the defaults), so a later change of the preset or of the
 * defaults still reaches the rest. Other sections are untouched. Returns a new object.
 */
export function applyReviewDraft(stored: Record<string, unknown>, draft: ReviewDraft, base: Review): Record<string, unknown> {
  const settings = structuredClone(stored);
  const review: Record<string, unknown> = {};
  const overlap = numberOf(draft.overlap);
  if (overlap !== undefined && overlap !== base.overlap) review.overlap = overlap;
  const byLanguage: Record<string, number> = {};
  for (const language of LANGUAGES) {
    const value = numberOf(draft.overlapByLanguage[language]);
    if (value !== undefined && value !== base.overlapByLanguage[language]) byLanguage[language] = value;
  }
  if (Object.keys(byLanguage).length) review.overlapByLanguage = byLanguage;
  const percent = numberOf(draft.sharePercent);
  const share = percent === undefined ? undefined : roundPercent(percent) / 100;
  if (share !== undefined && share !== base.overlapShare) review.overlapShare = share;
  const rubric = rubricOf(draft.rubric);
  if (JSON.stringify(rubric) !== JSON.stringify(base.rubric)) review.rubric = rubric;
  if (Object.keys(review).length) settings.review = review;
  else delete settings.review;
  return settings;
}

/**
 * Whether the form, as it reads now, asks more annotators (or a larger share of items) of some
 * language than the saved settings do, or fewer: the form says what that does to items in review.
 */
export function overlapChange(before: Review, draft: ReviewDraft): { raised: boolean; lowered: boolean } {
  const now = (language: Language) => numberOf(draft.overlapByLanguage[language]) ?? numberOf(draft.overlap) ?? before.overlap;
  const then = (language: Language) => before.overlapByLanguage[language] ?? before.overlap;
  const percent = numberOf(draft.sharePercent);
  const share = percent === undefined ? before.overlapShare : percent / 100;
  const valid = (n: number) => Number.isFinite(n);
  let raised = share > before.overlapShare && LANGUAGES.some((language) => now(language) > 1);
  let lowered = share < before.overlapShare && LANGUAGES.some((language) => then(language) > 1);
  for (const language of LANGUAGES) {
    if (!valid(now(language))) continue;
    if (now(language) > then(language)) raised = true;
    if (now(language) < then(language)) lowered = true;
  }
  return { raised, lowered };
}
