"use client";

import { useState } from "react";
import { FIELDS, FieldTabs, fieldLanguage, type Field, type Fields, type Revision } from "@/components/review/fields";
import { LazyDiffView } from "@/components/review/lazy-editors";

/**
 * A save refused as stale: the revision that is current now (theirs) against the edit that was
 * refused (mine), part by part. Nothing is overwritten silently: either take theirs (my edit is
 * dropped) or re-apply mine, as shown on the right (still editable), as a new revision on top of theirs.
 */
export function ConflictView({
  theirs,
  mine,
  language,
  onTakeTheirs,
  onReapply,
}: {
  theirs: Revision;
  mine: Fields;
  language: string;
  onTakeTheirs: () => void;
  onReapply: (values: Fields) => Promise<void>;
}) {
  const [field, setField] = useState<Field>(() => FIELDS.find((name) => mine[name] !== theirs[name]) ?? "solution");
  const [busy, setBusy] = useState(false);
  const [values, setValues] = useState<Fields>(mine);
  const changed = FIELDS.filter((name) => values[name] !== theirs[name]);
  return (
    <section
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3"
      data-testid="conflict-view"
      data-their-revision={theirs.number}
    >
      <p className="text-sm font-medium text-amber-900">
        Your edit was not saved: revision {theirs.number} ({theirs.authorKind.toLowerCase()}) became current while you edited. Compare, then
        choose.
      </p>
      <FieldTabs field={field} onSelect={setField} changed={changed} testIdPrefix="conflict-tab" />
      <p className="text-xs text-slate-600">
        <span className="text-rose-700">Removed: theirs, revision {theirs.number} (current)</span> ·{" "}
        <span className="text-emerald-700">added: yours (you may still change it)</span>
      </p>
      <LazyDiffView
        key={field}
        testId="conflict-diff"
        original={theirs[field]}
        modified={values[field]}
        language={fieldLanguage(field, language)}
        editable
        height="h-[360px]"
        onChange={(value) => setValues((parts) => ({ ...parts, [field]: value }))}
      />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="conflict-take-theirs"
          onClick={onTakeTheirs}
          className="rounded-md border border-slate-300 bg-white px-3 py-1"
        >
          Take theirs (discard my edit)
        </button>
        <button
          type="button"
          data-testid="conflict-reapply"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void onReapply(values).finally(() => setBusy(false));
          }}
          className="rounded-md bg-slate-900 px-3 py-1 text-white disabled:opacity-50"
        >
          Re-apply mine on top of revision {theirs.number}
        </button>
      </div>
    </section>
  );
}
