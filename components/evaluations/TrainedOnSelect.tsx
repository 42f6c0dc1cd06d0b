"use client";

import { useVersions } from "@/components/data/datasets";

/** The dataset version a model is said to be trained on ("" for none), as the start and edit forms ask it. */
export function TrainedOnSelect({
  slug,
  value,
  onChange,
  className,
}: {
  slug: string;
  value: string;
  onChange: (id: string) => void;
  className: string;
}) {
  const versions = useVersions(slug);
  return (
    <label className="flex min-w-0 flex-col gap-1 text-sm">
      Trained on (dataset version)
      <select value={value} onChange={(e) => onChange(e.target.value)} className={className}>
        <option value="">None (a base model)</option>
        {(versions.data?.versions ?? []).map((v) => (
          <option key={v.id} value={v.id}>
            {v.tag}
          </option>
        ))}
      </select>
    </label>
  );
}
