"use client";

import { useState, type FormEvent } from "react";
import { useCancelEvaluation, useUpdateEvaluation } from "@/components/data/evaluations";
import { ErrorNote } from "@/components/ErrorNote";
import { TrainedOnSelect } from "@/components/evaluations/TrainedOnSelect";
import type { EvalRunView } from "@/lib/eval/view-types";

const input = "w-full min-w-0 rounded-md border border-slate-300 px-2 py-1 text-sm";

/** The curator's changes to a run: its label, the dataset version its model was trained on, and (while it runs) stopping it. */
export function EditEvaluation({ slug, run }: { slug: string; run: EvalRunView }) {
  const update = useUpdateEvaluation(slug, run.id);
  const cancel = useCancelEvaluation(slug, run.id);
  const [label, setLabel] = useState(run.label);
  const [version, setVersion] = useState(run.datasetVersion?.id ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ label: label.trim() || run.label, datasetVersionId: version || null });
  };
  const live = run.status === "QUEUED" || run.status === "RUNNING";
  const error = update.error?.message ?? cancel.error?.message;
  return (
    <form onSubmit={submit} className="space-y-3 rounded-md border border-slate-200 bg-white p-4 shadow-sm" data-testid="edit-evaluation">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          Label
          <input value={label} onChange={(e) => setLabel(e.target.value)} className={input} />
        </label>
        <TrainedOnSelect slug={slug} value={version} onChange={setVersion} className={input} />
      </div>
      {error && <ErrorNote>{error}</ErrorNote>}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={update.isPending}
          className="rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {update.isPending ? "Saving…" : "Save"}
        </button>
        {update.isSuccess && (
          <span role="status" className="text-sm text-slate-600">
            Saved.
          </span>
        )}
        {live && (
          <button
            type="button"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
            className="rounded-md border border-rose-300 px-3 py-1.5 text-sm text-rose-700 disabled:opacity-50"
          >
            Cancel evaluation
          </button>
        )}
      </div>
    </form>
  );
}
