"use client";

import { RUBRIC_SCALE, type Rubric, type RubricAnswer, type RubricAnswers, type RubricQuestion } from "@/lib/review/rubric-types";

const SCORES = Array.from({ length: RUBRIC_SCALE.max - RUBRIC_SCALE.min + 1 }, (_, i) => RUBRIC_SCALE.min + i);

/** The answers without the empty ones (an untouched text, no label picked): the server reads absent as unanswered. */
export function answeredOnly(answers: RubricAnswers): RubricAnswers {
  return Object.fromEntries(
    Object.entries(answers).filter(
      ([, answer]) => !(Array.isArray(answer) ? answer.length === 0 : typeof answer === "string" && !answer.trim()),
    ),
  );
}

/** One answer as words, for the adjudication panel and the history. */
export function answerText(question: RubricQuestion | undefined, answer: RubricAnswer): string {
  if (Array.isArray(answer)) return answer.join(", ");
  if (typeof answer === "number") return `${answer} / ${RUBRIC_SCALE.max}`;
  return question?.kind === "text" ? answer : String(answer);
}

function ScaleAnswer({
  question,
  value,
  disabled,
  onChange,
}: {
  question: RubricQuestion;
  value: RubricAnswer | undefined;
  disabled: boolean;
  onChange: (value: number | undefined) => void;
}) {
  // Buttons, not radio inputs: focus on them leaves the review's keys (a, r, j, k) working.
  return (
    <div role="radiogroup" aria-label={question.label} className="flex gap-1" data-testid={`rubric-${question.id}`}>
      {SCORES.map((score) => (
        <button
          key={score}
          type="button"
          role="radio"
          aria-checked={value === score}
          disabled={disabled}
          // A second click on the chosen score takes the answer back.
          onClick={() => onChange(value === score ? undefined : score)}
          className={`h-7 w-7 rounded border text-sm disabled:opacity-50 ${value === score ? "border-sky-700 bg-sky-700 font-medium text-white" : "border-slate-300 bg-white hover:bg-slate-50"}`}
        >
          {score}
        </button>
      ))}
    </div>
  );
}

/**
 * The project's rubric, answered with a decision: a 1–5 scale as five buttons, labels as checkboxes
 * (or one choice), text as a text box; required questions marked. `problems` are the server's (or
 * the page's own check's) words about the answers, shown by the form.
 */
export function RubricForm({
  rubric,
  answers,
  onChange,
  problems,
  disabled = false,
}: {
  rubric: Rubric;
  answers: RubricAnswers;
  onChange: (answers: RubricAnswers) => void;
  problems: string[];
  disabled?: boolean;
}) {
  const set = (id: string, value: RubricAnswer | undefined) => {
    const next = { ...answers };
    if (value === undefined) delete next[id];
    else next[id] = value;
    onChange(next);
  };
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-sm" data-testid="rubric-form">
      <legend className="px-1 text-xs font-medium text-slate-600">Rubric: answered with your decision</legend>
      {rubric.map((question) => {
        const value = answers[question.id];
        return (
          <div
            key={question.id}
            className="flex flex-wrap items-start gap-x-3 gap-y-1"
            data-testid="rubric-question"
            data-question={question.id}
          >
            <div className="min-w-[12rem] flex-1 basis-48">
              <span id={`rubric-label-${question.id}`}>{question.label}</span>
              {question.required && (
                <span className="text-rose-700" title="required" aria-label="required">
                  {" "}
                  *
                </span>
              )}
              {question.help && <p className="text-xs text-slate-500">{question.help}</p>}
            </div>
            {question.kind === "scale" ? (
              <ScaleAnswer question={question} value={value} disabled={disabled} onChange={(score) => set(question.id, score)} />
            ) : question.kind === "labels" ? (
              <div
                role="group"
                aria-labelledby={`rubric-label-${question.id}`}
                className="flex flex-wrap gap-x-3"
                data-testid={`rubric-${question.id}`}
              >
                {question.options.map((option) => {
                  const picked = Array.isArray(value) ? value : [];
                  return (
                    <label key={option} className="flex items-center gap-1">
                      <input
                        type={question.multiple ? "checkbox" : "radio"}
                        name={`rubric-${question.id}`}
                        checked={picked.includes(option)}
                        disabled={disabled}
                        onChange={(event) =>
                          set(
                            question.id,
                            question.multiple
                              ? // Kept in the taxonomy's order, whatever order they were ticked in.
                                question.options.filter((o) => (o === option ? event.target.checked : picked.includes(o)))
                              : [option],
                          )
                        }
                      />
                      {option}
                    </label>
                  );
                })}
              </div>
            ) : (
              <textarea
                aria-labelledby={`rubric-label-${question.id}`}
                value={typeof value === "string" ? value : ""}
                disabled={disabled}
                maxLength={4000}
                rows={2}
                onChange={(event) => set(question.id, event.target.value)}
                className="min-w-[12rem] flex-[2] rounded border border-slate-300 px-2 py-1"
                data-testid={`rubric-${question.id}`}
              />
            )}
          </div>
        );
      })}
      {problems.length > 0 && (
        <ul role="alert" className="list-inside list-disc text-rose-800" data-testid="rubric-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Someone's answers, read-only: each question they answered with its answer. */
export function RubricAnswersView({ rubric, answers }: { rubric: Rubric; answers: RubricAnswers | null }) {
  const byId = new Map(rubric.map((q) => [q.id, q]));
  // In the rubric's order (the stored answers come back in the database's key order), answers to
  // questions the rubric no longer has last.
  const order = (id: string) => (byId.has(id) ? rubric.findIndex((q) => q.id === id) : rubric.length);
  const entries = Object.entries(answers ?? {}).sort(([a], [b]) => order(a) - order(b));
  if (!entries.length) return <p className="text-xs text-slate-500">No rubric answers.</p>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs" data-testid="rubric-answers">
      {entries.map(([id, answer]) => (
        <div key={id} className="contents">
          <dt className="text-slate-600">{byId.get(id)?.label ?? id}</dt>
          <dd className="whitespace-pre-wrap break-words" data-question={id}>
            {answerText(byId.get(id), answer)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
