"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { TrainedOnSelect } from "@/components/evaluations/TrainedOnSelect";
import { useEndpoints } from "@/components/data/endpoints";
import { useStartEvaluation } from "@/components/data/evaluations";
import type { EvalSuiteOption } from "@/lib/eval/view-types";

const input = "w-full min-w-0 rounded-md border border-slate-300 px-2 py-1 text-sm";

function toggle(list: string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * The curator's form to evaluate a stored endpoint profile on a suite. No languages ticked: every
 * language of the suite. The dataset version is what the model is said to be trained on (for a base
 * model, none).
 */
export function StartEvaluationForm({ slug, suites }: { slug: string; suites: EvalSuiteOption[] }) {
  const endpoints = useEndpoints();
  const start = useStartEvaluation(slug);
  const [profile, setProfile] = useState("");
  const [suiteId, setSuiteId] = useState(suites[0]?.id ?? "");
  const [languages, setLanguages] = useState<string[]>([]);
  const [limit, setLimit] = useState("20");
  const [samples, setSamples] = useState("1");
  const [temperature, setTemperature] = useState("0");
  const [label, setLabel] = useState("");
  const [version, setVersion] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const suite = suites.find((s) => s.id === suiteId);
  const profiles = endpoints.data?.items ?? [];
  const chosenProfile = profile || profiles[0]?.id || "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    start.reset();
    if (!chosenProfile) return setLocalError("Add an endpoint profile first (Settings → Endpoints).");
    const numbers = { limit: Number(limit), samples: Number(samples), temperature: Number(temperature) };
    if (limit.trim() && (!Number.isInteger(numbers.limit) || numbers.limit < 1))
      return setLocalError("The limit is a whole number of problems per language, 1 or more.");
    if (!Number.isInteger(numbers.samples) || numbers.samples < 1) return setLocalError("Samples (k) is a whole number, 1 or more.");
    if (!Number.isFinite(numbers.temperature)) return setLocalError("The temperature is a number from 0 to 2.");
    start.mutate({
      endpointProfileId: chosenProfile,
      suite: suiteId,
      ...(languages.length ? { languages } : {}),
      ...(limit.trim() ? { limit: numbers.limit } : {}),
      samples: numbers.samples,
      temperature: numbers.temperature,
      ...(label.trim() ? { label: label.trim() } : {}),
      ...(version ? { datasetVersionId: version } : {}),
    });
  };

  const error = localError ?? start.error?.message ?? endpoints.error?.message ?? null;
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-md border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="start-evaluation-form"
    >
      <h2 className="font-medium">Start an evaluation</h2>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Endpoint
          <select value={chosenProfile} onChange={(e) => setProfile(e.target.value)} className={input}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.model}
              </option>
            ))}
            {profiles.length === 0 && <option value="">No endpoint profiles yet</option>}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Suite
          <select
            value={suiteId}
            onChange={(e) => {
              setSuiteId(e.target.value);
              setLanguages([]);
            }}
            className={input}
          >
            {suites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.problems} problems)
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Label (optional)
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="base, sft on v1…" className={input} />
        </label>
        <TrainedOnSelect slug={slug} value={version} onChange={setVersion} className={input} />
      </div>
      <fieldset className="text-sm">
        <legend className="mb-1">Languages (none ticked: all)</legend>
        <div className="flex flex-wrap gap-3">
          {(suite?.languages ?? []).map((language) => (
            <label key={language} className="flex items-center gap-1">
              <input type="checkbox" checked={languages.includes(language)} onChange={() => setLanguages(toggle(languages, language))} />
              {language}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-3 gap-3">
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Problems per language
          <input value={limit} onChange={(e) => setLimit(e.target.value)} inputMode="numeric" placeholder="all" className={input} />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Samples (k)
          <input value={samples} onChange={(e) => setSamples(e.target.value)} inputMode="numeric" className={input} />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Temperature
          <input value={temperature} onChange={(e) => setTemperature(e.target.value)} inputMode="decimal" className={input} />
        </label>
      </div>
      {error && <ErrorNote testId="start-evaluation-error">{error}</ErrorNote>}
      <button
        type="submit"
        disabled={start.isPending}
        className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {start.isPending ? "Starting…" : "Start evaluation"}
      </button>
    </form>
  );
}
