"use client";

import { FormField } from "@/components/FormField";
import { effectiveIds, newQuestion, type QuestionDraft } from "@/components/projects/review-settings-form";
import { ASPECT_LABELS, ASPECTS, type Aspect } from "@/lib/review/aspect-label-types";
import { RUBRIC_KINDS, RUBRIC_SCALE, type RubricKind } from "@/lib/review/rubric-types";

const KIND_LABELS: Record<RubricKind, string> = {
  scale: `A ${RUBRIC_SCALE.min}–${RUBRIC_SCALE.max} scale`,
  labels: "Labels from a taxonomy",
  text: "Free text",
};

const input = "w-full rounded-md border border-slate-300 px-2 py-1";
const small = "rounded-md border border-slate-300 px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-40";

/** How the question will look to an annotator deciding an item (the review panel's controls, inert here). */
function Preview({ question, id }: { question: QuestionDraft; id: string }) {
  const options = question.options
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return (
    <div className="space-y-1 rounded-md bg-slate-50 p-2 text-xs" data-testid={`rubric-preview-${id}`} aria-hidden>
      <span className="block text-slate-500">An annotator sees:</span>
      <span className="block font-medium">
        {question.label || "(no label yet)"}
        {question.required && <span className="text-rose-700"> *</span>}
      </span>
      {question.help.trim() && <span className="block text-slate-500">{question.help}</span>}
      {question.kind === "scale" && (
        <span className="flex gap-1">
          {Array.from({ length: RUBRIC_SCALE.max - RUBRIC_SCALE.min + 1 }, (_, i) => (
            <span key={i} className="rounded border border-slate-300 bg-white px-2">
              {RUBRIC_SCALE.min + i}
            </span>
          ))}
        </span>
      )}
      {question.kind === "labels" && (
        <span className="flex flex-wrap gap-1">
          {options.map((option) => (
            <span key={option} className="rounded-full border border-slate-300 bg-white px-2">
              {question.multiple ? "☐" : "○"} {option}
            </span>
          ))}
        </span>
      )}
      {question.kind === "text" && <span className="block h-6 rounded border border-slate-300 bg-white" />}
    </div>
  );
}

/**
 * The rubric's questions, in the order annotators see them: add, remove, move; each with its id
 * (following the label until edited; answers are stored under it), label, help, whether it must be
 * answered, and its kind. `errors` holds the settings schema's problems by path ("review.rubric.0.id").
 */
export function RubricEditor({
  value,
  onChange,
  errors,
}: {
  value: QuestionDraft[];
  onChange: (next: QuestionDraft[]) => void;
  errors: Record<string, string>;
}) {
  const ids = effectiveIds(value);
  const put = (i: number, patch: Partial<QuestionDraft>) => onChange(value.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...value];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  const error = (i: number, field: string) => errors[`review.rubric.${i}.${field}`];
  return (
    <div className="space-y-3" data-testid="rubric-editor">
      {errors["review.rubric"] && (
        <p className="text-xs text-rose-700" data-testid="field-error-review.rubric">
          {errors["review.rubric"]}
        </p>
      )}
      {value.length === 0 && (
        <p className="text-xs text-slate-500" data-testid="rubric-empty">
          No questions: annotators accept or reject with a comment.
        </p>
      )}
      <ol className="space-y-3">
        {value.map((question, i) => (
          <li key={question.key} className="space-y-2 rounded-md border border-slate-200 p-3" data-testid={`rubric-question-${i}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium">Question {i + 1}</span>
              <button type="button" className={small} disabled={i === 0} onClick={() => move(i, -1)} data-testid={`rubric-up-${i}`}>
                ↑ Up
              </button>
              <button
                type="button"
                className={small}
                disabled={i === value.length - 1}
                onClick={() => move(i, 1)}
                data-testid={`rubric-down-${i}`}
              >
                ↓ Down
              </button>
              <button
                type="button"
                className={small}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
                data-testid={`rubric-remove-${i}`}
              >
                Remove
              </button>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <FormField label="Question" errorTestId={`field-error-review.rubric.${i}.label`} error={error(i, "label")}>
                <input
                  className={input}
                  data-testid={`rubric-label-${i}`}
                  value={question.label}
                  onChange={(event) => put(i, { label: event.target.value })}
                />
              </FormField>
              <FormField
                label="Id"
                help={
                  question.idPinned
                    ? "Answers are stored under it: renaming it after annotators answered separates old answers from new ones."
                    : "Follows the question until you edit it; answers are stored under it."
                }
                errorTestId={`field-error-review.rubric.${i}.id`}
                error={error(i, "id")}
              >
                <input
                  className={`${input} font-mono`}
                  data-testid={`rubric-id-${i}`}
                  value={ids[i]}
                  onChange={(event) => put(i, { id: event.target.value, idPinned: true })}
                />
              </FormField>
              <FormField
                label="Help for annotators (optional)"
                errorTestId={`field-error-review.rubric.${i}.help`}
                error={error(i, "help")}
              >
                <input
                  className={input}
                  data-testid={`rubric-help-${i}`}
                  value={question.help}
                  onChange={(event) => put(i, { help: event.target.value })}
                />
              </FormField>
              <FormField label="Answer" errorTestId={`field-error-review.rubric.${i}.kind`} error={error(i, "kind")}>
                <select
                  className={input}
                  data-testid={`rubric-kind-${i}`}
                  value={question.kind}
                  onChange={(event) => put(i, { kind: event.target.value as RubricKind })}
                >
                  {RUBRIC_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              </FormField>
              {question.kind === "scale" && (
                <FormField
                  label="The scorer's aspect it asks about (optional)"
                  help="The agreement report holds the LLM scorer's score on this aspect to your annotators' answers."
                  errorTestId={`field-error-review.rubric.${i}.aspect`}
                  error={error(i, "aspect")}
                >
                  <select
                    className={input}
                    data-testid={`rubric-aspect-${i}`}
                    value={question.aspect}
                    onChange={(event) => put(i, { aspect: event.target.value as Aspect | "" })}
                  >
                    <option value="">None</option>
                    {ASPECTS.map((aspect) => (
                      <option key={aspect} value={aspect}>
                        {ASPECT_LABELS[aspect].label}: {ASPECT_LABELS[aspect].asks}
                      </option>
                    ))}
                  </select>
                </FormField>
              )}
              {question.kind === "labels" && (
                <>
                  <FormField
                    label="Labels (one per line)"
                    errorTestId={`field-error-review.rubric.${i}.options`}
                    error={error(i, "options")}
                  >
                    <textarea
                      rows={4}
                      className={input}
                      data-testid={`rubric-options-${i}`}
                      value={question.options}
                      onChange={(event) => put(i, { options: event.target.value })}
                    />
                  </FormField>
                  <FormField label="An annotator picks" errorTestId={`field-error-review.rubric.${i}.multiple`}>
                    <select
                      className={input}
                      data-testid={`rubric-multiple-${i}`}
                      value={question.multiple ? "multiple" : "single"}
                      onChange={(event) => put(i, { multiple: event.target.value === "multiple" })}
                    >
                      <option value="multiple">Any number of labels</option>
                      <option value="single">One label</option>
                    </select>
                  </FormField>
                </>
              )}
              <label className="flex items-center gap-2 self-end">
                <input
                  type="checkbox"
                  data-testid={`rubric-required-${i}`}
                  checked={question.required}
                  onChange={(event) => put(i, { required: event.target.checked })}
                />
                <span>Must be answered to decide</span>
              </label>
            </div>
            <Preview question={question} id={String(i)} />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="rounded-md border border-slate-300 px-3 py-1 text-slate-800 hover:bg-slate-50"
        onClick={() => onChange([...value, newQuestion()])}
        data-testid="rubric-add"
      >
        Add a question
      </button>
    </div>
  );
}
