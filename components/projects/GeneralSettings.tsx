"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { LanguagePicker } from "@/components/projects/LanguagePicker";
import { messageOf } from "@/components/api";
import { useUpdateProject } from "@/components/data/projects";
import type { Language } from "@/lib/languages";
import type { ProjectConfig } from "@/lib/projects/config-types";

/** The project's name and languages. Mounted with the loaded config (keyed by it), so its state starts from the server's. */
export function GeneralSettings({ config }: { config: ProjectConfig }) {
  const update = useUpdateProject(config.slug);
  const [name, setName] = useState(config.name);
  const [languages, setLanguages] = useState<Language[]>(config.languages as Language[]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMessage(null);
    try {
      await update.mutateAsync({ name, languages });
      setMessage("Saved.");
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <form onSubmit={(event) => void save(event)} className="space-y-3 text-sm" data-testid="settings-general">
      <label className="block space-y-1">
        <span className="font-medium">Name</span>
        <input
          data-testid="general-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          className="w-full rounded-md border border-slate-300 px-3 py-2"
        />
      </label>
      <LanguagePicker value={languages} onChange={setLanguages} testIdPrefix="general-language" />
      {error && <ErrorNote testId="general-error">{error}</ErrorNote>}
      <div className="flex items-center gap-3">
        <button type="submit" data-testid="general-save" className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white">
          Save
        </button>
        {message && (
          <span data-testid="general-message" className="text-emerald-700">
            {message}
          </span>
        )}
      </div>
    </form>
  );
}
