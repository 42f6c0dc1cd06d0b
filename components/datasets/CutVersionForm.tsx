"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { useCutVersion } from "@/components/data/datasets";
import { SOURCE_LABELS, SOURCES, type Source } from "@/components/datasets/schemas";

const input = "rounded-md border border-slate-300 px-2 py-1 text-sm";

function toggle<T>(list: T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * The curator's form to cut an immutable version from the accepted items (seed pairs and synthesized
 * alike). Filters left empty mean "everything": no languages ticked is every language, every source
 * ticked is every source. Unreviewed items go in only when ticked; a rejected one never does. The
 * quality gate leaves out contaminated items and near-duplicates unless told otherwise. A minimum of
 * agreeing decisions keeps only items that many people accepted (a curator's adjudication counts).
 */
export function CutVersionForm({ slug, languages }: { slug: string; languages: string[] }) {
  const [tag, setTag] = useState("");
  const [notes, setNotes] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [minScore, setMinScore] = useState("");
  const [minAgreeing, setMinAgreeing] = useState("");
  const [verifiedOnly, setVerifiedOnly] = useState(false);
  const [includeUnreviewed, setIncludeUnreviewed] = useState(false);
  const [includeContaminated, setIncludeContaminated] = useState(false);
  const [keepDuplicates, setKeepDuplicates] = useState(false);
  const [sources, setSources] = useState<Source[]>([...SOURCES]);
  const [localError, setLocalError] = useState<string | null>(null);
  const cut = useCutVersion(slug, {
    onCut: () => {
      setTag("");
      setNotes("");
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    cut.reset();
    if (!tag.trim()) return setLocalError("Give the version a tag, e.g. v1.");
    if (sources.length === 0) return setLocalError("Tick at least one source.");
    const score = minScore.trim() === "" ? undefined : Number(minScore);
    if (score !== undefined && !Number.isFinite(score)) return setLocalError("The minimum score is a number (the scorer's total, 1 to 5).");
    const agreeing = minAgreeing.trim() === "" ? undefined : Number(minAgreeing);
    if (agreeing !== undefined && !(Number.isInteger(agreeing) && agreeing >= 1 && agreeing <= 10))
      return setLocalError("The agreeing decisions required are a whole number from 1 to 10.");
    cut.mutate({
      tag: tag.trim(),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
      ...(picked.length ? { languages: picked } : {}),
      ...(score !== undefined ? { minScore: score } : {}),
      ...(verifiedOnly ? { verifiedOnly: true } : {}),
      ...(includeUnreviewed ? { includeUnreviewed: true } : {}),
      ...(includeContaminated ? { includeContaminated: true } : {}),
      ...(keepDuplicates ? { keepDuplicates: true } : {}),
      ...(agreeing !== undefined ? { minAgreeingDecisions: agreeing } : {}),
      ...(sources.length < SOURCES.length ? { sources } : {}),
    });
  };

  const error = localError ?? cut.error?.message ?? null;
  return (
    <form onSubmit={submit} className="space-y-3 rounded-md border border-slate-200 bg-white p-4 shadow-sm" data-testid="cut-version-form">
      <h2 className="font-medium">Cut a version</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="flex flex-col gap-1 text-sm">
          Tag
          <input value={tag} onChange={(e) => setTag(e.target.value)} placeholder="v1" className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Minimum score (optional)
          <input
            value={minScore}
            onChange={(e) => setMinScore(e.target.value)}
            inputMode="decimal"
            placeholder="e.g. 4"
            className={input}
          />
        </label>
      </div>
      <label className="flex flex-col gap-1 text-sm">
        <span>
          Minimum agreeing decisions (optional)
          <span className="block text-xs text-slate-500">
            Only items at least this many people accepted: annotators and a curator&apos;s adjudication alike. An item in dispute never goes
            in.
          </span>
        </span>
        <input
          value={minAgreeing}
          onChange={(e) => setMinAgreeing(e.target.value)}
          inputMode="numeric"
          placeholder="e.g. 2"
          className={`${input} sm:w-40`}
          data-testid="cut-min-agreeing"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Notes (optional)
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} className={input} />
      </label>
      <fieldset className="text-sm">
        <legend className="mb-1">Languages (none ticked: all)</legend>
        <div className="flex flex-wrap gap-3">
          {languages.map((language) => (
            <label key={language} className="flex items-center gap-1">
              <input type="checkbox" checked={picked.includes(language)} onChange={() => setPicked(toggle(picked, language))} />
              {language}
            </label>
          ))}
          {languages.length === 0 && <span className="text-slate-500">No languages in this project yet.</span>}
        </div>
      </fieldset>
      <fieldset className="text-sm">
        <legend className="mb-1">Sources</legend>
        <div className="flex flex-wrap gap-3">
          {SOURCES.map((source) => (
            <label key={source} className="flex items-center gap-1">
              <input type="checkbox" checked={sources.includes(source)} onChange={() => setSources(toggle(sources, source))} />
              {SOURCE_LABELS[source]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={verifiedOnly} onChange={(e) => setVerifiedOnly(e.target.checked)} />
        Verified only (tests pass)
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={includeUnreviewed} onChange={(e) => setIncludeUnreviewed(e.target.checked)} />
        <span>
          Also take unreviewed items
          <span className="block text-xs text-slate-500">
            Items nobody accepted or rejected yet; the dataset card says how many. Rejected items are never taken.
          </span>
        </span>
      </label>
      <fieldset className="space-y-2 text-sm">
        <legend className="mb-1">Quality gate</legend>
        <label className="flex items-start gap-2">
          <input
            type="checkbox"
            className="mt-1"
            checked={includeContaminated}
            onChange={(e) => setIncludeContaminated(e.target.checked)}
          />
          <span>
            Include contaminated items
            <span className="block text-xs text-slate-500">
              Items that leak a benchmark problem (HumanEval, MBPP, their translations, this project&apos;s benchmark files) are left out by
              default; taken, they stay flagged in the card and the metadata.
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2">
          <input type="checkbox" className="mt-1" checked={keepDuplicates} onChange={(e) => setKeepDuplicates(e.target.checked)} />
          <span>
            Keep near-duplicates
            <span className="block text-xs text-slate-500">
              By default one item per language of each duplicate cluster goes in, the best-scored; the same task in other languages always
              stays.
            </span>
          </span>
        </label>
      </fieldset>
      {error && <ErrorNote testId="cut-error">{error}</ErrorNote>}
      {cut.data && (
        <p role="status" data-testid="cut-message" className="text-sm text-slate-700">
          Version {cut.data.version.tag}{" "}
          {cut.data.version.status === "CUTTING" ? "is being cut…" : `is ${cut.data.version.status.toLowerCase()}.`}
        </p>
      )}
      <button
        type="submit"
        disabled={cut.isPending}
        className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
      >
        {cut.isPending ? "Cutting…" : "Cut version"}
      </button>
    </form>
  );
}
