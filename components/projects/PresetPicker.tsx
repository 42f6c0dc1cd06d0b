"use client";

import { formatOverrides, PRESET_IDS, PRESETS, type PresetId } from "@/lib/synthesis/presets";

/** The protocol presets as choices, each with its description, and what the chosen one sets and why. */
export function PresetPicker({ value, onChange }: { value: PresetId; onChange: (preset: PresetId) => void }) {
  const chosen = PRESETS[value];
  return (
    <fieldset className="space-y-2" data-testid="preset-picker">
      <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">Preset</legend>
      <div className="grid gap-2 sm:grid-cols-3">
        {PRESET_IDS.map((id) => (
          <label
            key={id}
            data-testid={`preset-${id}`}
            className={`block space-y-1 rounded-md border p-2 ${id === value ? "border-slate-900 bg-slate-50" : "border-slate-300"}`}
          >
            <span className="flex items-center gap-2 font-medium">
              <input type="radio" name="preset" value={id} checked={id === value} onChange={() => onChange(id)} />
              {PRESETS[id].label}
            </span>
            <span className="block text-xs text-slate-500">{PRESETS[id].description}</span>
          </label>
        ))}
      </div>
      {chosen.values.length > 0 && (
        <details data-testid="preset-values" className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer text-xs font-medium text-slate-700">
            What {chosen.label} sets ({chosen.values.length} values; your own values below go over them)
          </summary>
          <ul className="mt-2 space-y-1 text-xs">
            {chosen.values.map((entry) => (
              <li key={entry.path} className="break-words">
                <code className="rounded bg-slate-100 px-1">{formatOverrides([entry])}</code>{" "}
                <span className="text-slate-600">
                  {entry.reason} ({entry.source})
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </fieldset>
  );
}
