"use client";

import { useMemo, useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { FormField } from "@/components/FormField";
import { ApiError, messageOf } from "@/components/api";
import { useUpdateProject } from "@/components/data/projects";
import { RubricEditor } from "@/components/projects/RubricEditor";
import { applyReviewDraft, overlapChange, reviewDraftOf, shareProblem, type ReviewDraft } from "@/components/projects/review-settings-form";
import { LANGUAGE_NAMES } from "@/lib/languages";
import type { ProjectConfig } from "@/lib/projects/config-types";
import { isPresetId } from "@/lib/synthesis/presets";
import { ProjectSettings, projectLanguages } from "@/lib/synthesis/settings";

const input = "w-full rounded-md border border-slate-300 px-2 py-1";

/**
 * The review settings (`review.*`): how many annotators decide an item, per language and for what
 * share of items, and the rubric they answer. Saved on their own (the protocol form keeps them as
 * stored), checked by the same schema the review engine reads them with, storing only what differs
 * from the preset.
 */
export function ReviewSettings({ config }: { config: ProjectConfig }) {
  const update = useUpdateProject(config.slug);
  const saved = useMemo(() => ProjectSettings.safeParse(config.storedSettings), [config.storedSettings]);
  // What a field left as the preset gives is not stored (no preset sets review keys today, but one may).
  const base = useMemo(
    () => ProjectSettings.parse({ preset: isPresetId(config.storedSettings.preset) ? config.storedSettings.preset : undefined }).review,
    [config.storedSettings.preset],
  );
  const before = saved.success ? saved.data.review : base;
  const [draft, setDraft] = useState<ReviewDraft>(() =>
    reviewDraftOf((config.settings as { review?: Parameters<typeof reviewDraftOf>[0] }).review),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const languages = projectLanguages(config.languages);
  const change = overlapChange(before, draft);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setError(null);
    const share = shareProblem(draft.sharePercent);
    const settings = applyReviewDraft(config.storedSettings, draft, base);
    const parsed = ProjectSettings.safeParse(settings);
    const problems: Record<string, string> = share ? { "review.overlapShare": share } : {};
    if (!parsed.success) for (const issue of parsed.error.issues) problems[issue.path.join(".")] ??= issue.message;
    if (Object.keys(problems).length) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await update.mutateAsync({ settings });
      setMessage("Saved; decisions from now on follow these settings.");
    } catch (caught) {
      if (caught instanceof ApiError && Object.keys(caught.fields).length) setErrors(caught.fields);
      else setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const shown = new Set([
    "review.overlap",
    "review.overlapShare",
    "review.rubric",
    ...languages.map((l) => `review.overlapByLanguage.${l}`),
  ]);
  const other = Object.entries(errors).filter(([path]) => !shown.has(path) && !/^review\.rubric\.\d+\./.test(path));

  return (
    <form onSubmit={(event) => void save(event)} noValidate className="space-y-5 text-sm" data-testid="review-form">
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">Annotators per item</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField
            label="Overlap: annotators who decide each item"
            help="Each item is decided by this many annotators; when they disagree a curator adjudicates. 1: the first decision is final."
            errorTestId="field-error-review.overlap"
            error={errors["review.overlap"]}
          >
            <input
              type="number"
              min={1}
              max={10}
              className={input}
              data-testid="review-overlap"
              value={draft.overlap}
              onChange={(event) => setDraft({ ...draft, overlap: event.target.value })}
            />
          </FormField>
          <FormField
            label="Share of items that get the overlap (%)"
            help="100: every item. 10: a spot check of 10 % of items, drawn by item id (an item's draw never changes); the others need one decision."
            errorTestId="field-error-review.overlapShare"
            error={errors["review.overlapShare"]}
          >
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              className={input}
              data-testid="review-share"
              value={draft.sharePercent}
              onChange={(event) => setDraft({ ...draft, sharePercent: event.target.value })}
            />
          </FormField>
        </div>
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Overlap per language (blank: the project&apos;s)
        </legend>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          {languages.map((language) => {
            const path = `review.overlapByLanguage.${language}`;
            return (
              <FormField key={language} label={LANGUAGE_NAMES[language]} errorTestId={`field-error-${path}`} error={errors[path]}>
                <input
                  type="number"
                  min={1}
                  max={10}
                  className={input}
                  data-testid={`review-overlap-${language}`}
                  placeholder={draft.overlap}
                  value={draft.overlapByLanguage[language]}
                  onChange={(event) =>
                    setDraft({ ...draft, overlapByLanguage: { ...draft.overlapByLanguage, [language]: event.target.value } })
                  }
                />
              </FormField>
            );
          })}
        </div>
      </fieldset>
      {(change.raised || change.lowered) && (
        <div
          className="space-y-1 rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900"
          data-testid="review-overlap-impact"
        >
          {change.raised && (
            <p>
              More annotators for some items: the number is read when an item is decided, so items already in review that have fewer
              decisions than the new number wait for more (an item pending with one decision needs a second one). Final and disputed items
              stay as they are.
            </p>
          )}
          {change.lowered && (
            <p>
              Fewer annotators for some items: final and disputed items stay as they are; a pending item that already has enough decisions
              is settled by the next annotator who decides it.
            </p>
          )}
        </div>
      )}
      <fieldset className="space-y-2">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          Rubric: questions annotators answer with a decision
        </legend>
        <RubricEditor value={draft.rubric} onChange={(rubric) => setDraft({ ...draft, rubric })} errors={errors} />
      </fieldset>
      {other.length > 0 && (
        <ErrorNote testId="review-other-errors">{other.map(([path, text]) => `${path || "settings"}: ${text}`).join("; ")}</ErrorNote>
      )}
      {error && <ErrorNote testId="review-error">{error}</ErrorNote>}
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          data-testid="review-save"
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
        >
          Save review settings
        </button>
        {message && (
          <span data-testid="review-message" className="text-emerald-700">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
