import { LANGUAGE_NAMES, type Language } from "@/lib/languages";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * The review settings in one line, e.g. "2 annotators per item (Rust 3) for 10 % of items, the
 * others 1; rubric: clarity (1–5, scorer's clarity, required), issues (labels)" — for the CLI and
 * summaries, where the rubric's JSON would drown the line.
 */
export function describeReviewSettings(review: ProjectSettings["review"]): string {
  const languages = Object.entries(review.overlapByLanguage) as [Language, number][];
  const most = Math.max(review.overlap, ...languages.map(([, n]) => n));
  let overlap: string;
  if (most <= 1) overlap = "1 annotator per item";
  else {
    const own = languages.length ? ` (${languages.map(([language, n]) => `${LANGUAGE_NAMES[language]} ${n}`).join(", ")})` : "";
    const share = review.overlapShare < 1 ? ` for ${Math.round(review.overlapShare * 1000) / 10} % of items, the others 1` : "";
    overlap = `${review.overlap} annotator${review.overlap === 1 ? "" : "s"} per item${own}${share}`;
  }
  const questions = review.rubric.map((q) => {
    const traits = [
      q.kind === "scale" ? "1–5" : q.kind,
      ...(q.kind === "scale" && q.aspect ? [`scorer's ${q.aspect}`] : []),
      ...(q.kind === "labels" && !q.multiple ? ["one"] : []),
      ...(q.required ? ["required"] : []),
    ];
    return `${q.id} (${traits.join(", ")})`;
  });
  return `${overlap}; ${questions.length ? `rubric: ${questions.join(", ")}` : "no rubric"}`;
}
