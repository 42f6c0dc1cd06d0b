"use client";

import { LANGUAGE_NAMES, LANGUAGES, type Language } from "@/lib/languages";

/** The ten languages as checkboxes; none ticked means all ten. */
export function LanguagePicker({
  value,
  onChange,
  testIdPrefix,
}: {
  value: string[];
  onChange: (languages: Language[]) => void;
  testIdPrefix: string;
}) {
  return (
    <fieldset className="space-y-1">
      <legend className="font-medium">Languages</legend>
      <div className="flex flex-wrap gap-3">
        {LANGUAGES.map((language) => (
          <label key={language} className="flex items-center gap-1">
            <input
              type="checkbox"
              data-testid={`${testIdPrefix}-${language}`}
              checked={value.includes(language)}
              onChange={(event) => onChange(LANGUAGES.filter((l) => (l === language ? event.target.checked : value.includes(l))))}
            />
            {LANGUAGE_NAMES[language]}
          </label>
        ))}
      </div>
      <p className="text-xs text-slate-500">None ticked: all ten.</p>
    </fieldset>
  );
}
