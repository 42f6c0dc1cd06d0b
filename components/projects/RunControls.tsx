"use client";

import { useState, type FormEvent } from "react";
import { ErrorNote } from "@/components/ErrorNote";
import { messageOf } from "@/components/api";
import { useControlRun, useProjectRuns, useStartRun } from "@/components/data/runs";
import { DpoOutcomes } from "@/components/runs/DpoOutcomes";
import { FailureReasons } from "@/components/runs/FailureReasons";
import { RunStatusBadge } from "@/components/runs/RunStatusBadge";
import { failureShare, lossTone, STAGE_LABEL } from "@/components/runs/run-status";
import { DEFAULT_RUN_STAGES, RUN_STAGES, type RunView } from "@/lib/projects/config-types";

function RunRow({ run, slug }: { run: RunView; slug: string }) {
  const send = useControlRun(slug, run.id);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const control = async (action: "pause" | "resume" | "cancel") => {
    if (
      action === "cancel" &&
      !window.confirm("Cancel this run? Queued items will not start; discussions in flight stop at their next turn.")
    )
      return;
    setError(null);
    setBusy(true);
    try {
      await send.mutateAsync(action);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const live = run.status === "RUNNING" || run.status === "PAUSED";
  const total = run.progress.reduce((sum, stage) => sum + stage.total, 0);
  const failed = run.progress.reduce((sum, stage) => sum + stage.failed, 0);
  const tone = lossTone(run.status);
  return (
    <li data-testid="run-row" data-run-id={run.id} data-status={run.status} className="space-y-2 p-3">
      <div className="flex flex-wrap items-center gap-3">
        <RunStatusBadge status={run.status} />
        <span className="text-slate-600">
          {run.stages.map((stage) => STAGE_LABEL[stage] ?? stage).join(" → ")}
          {run.itemLimit ? ` · at most ${run.itemLimit} items per stage` : ""}
          {run.stage && live
            ? ` · now: ${STAGE_LABEL[run.stage] ?? run.stage}${run.stage === "DISCUSS" && run.round ? `, round ${run.round}` : ""}`
            : ""}
          {` · ${run.tokens.toLocaleString()} tokens`}
        </span>
        <span className="ml-auto flex gap-2">
          {run.status === "RUNNING" && (
            <button
              type="button"
              disabled={busy}
              data-testid="run-pause"
              onClick={() => void control("pause")}
              className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
            >
              Pause
            </button>
          )}
          {run.status === "PAUSED" && (
            <button
              type="button"
              disabled={busy}
              data-testid="run-resume"
              onClick={() => void control("resume")}
              className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
            >
              Resume
            </button>
          )}
          {live && (
            <button
              type="button"
              disabled={busy}
              data-testid="run-cancel"
              onClick={() => void control("cancel")}
              className="rounded-md border border-rose-300 px-2 py-1 text-rose-700 hover:bg-rose-50"
            >
              Cancel
            </button>
          )}
        </span>
      </div>
      {run.status === "PAUSED" && (
        <p className="text-xs text-indigo-800">Paused: items already running finish; nothing new starts until you resume.</p>
      )}
      <div className="grid gap-1">
        {run.progress.map((stage) => {
          const settled = stage.done + stage.failed;
          return (
            <div key={stage.stage} className="flex items-center gap-3 text-xs" data-testid={`run-progress-${stage.stage}`}>
              <span className="w-24 text-slate-600">{STAGE_LABEL[stage.stage] ?? stage.stage}</span>
              <div className="h-2 flex-1 overflow-hidden rounded bg-slate-100">
                <div className="h-full bg-slate-700" style={{ width: `${stage.total ? (settled / stage.total) * 100 : 0}%` }} />
              </div>
              <span className="w-48 tabular-nums text-slate-600">
                {settled}/{stage.total}
                {stage.failed ? (
                  <span
                    className={tone === "rose" ? "text-rose-700" : "text-amber-800"}
                  >{` · ${stage.failed} failed (${Math.max(1, Math.round((stage.failed / stage.total) * 100))}%)`}</span>
                ) : (
                  ""
                )}
              </span>
            </div>
          );
        })}
      </div>
      {run.dpo && <DpoOutcomes report={run.dpo} />}
      {failed > 0 && (
        <div
          data-testid="run-failures"
          className={`space-y-1 rounded-md border p-2 ${tone === "rose" ? "border-rose-300 bg-rose-50 text-rose-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}
        >
          <p className="text-xs font-semibold" data-testid="run-failure-share">
            {failureShare(failed, total)}
          </p>
          <FailureReasons reasons={run.reasons} />
        </div>
      )}
      {error && <ErrorNote testId="run-control-error">{error}</ErrorNote>}
    </li>
  );
}

/** Start a run (stages, limit) and pause, resume or cancel it, its state refreshed every second while it is live. */
export function RunControls({ slug }: { slug: string }) {
  const runs = useProjectRuns(slug);
  const startRun = useStartRun(slug);
  const [stages, setStages] = useState<string[]>(DEFAULT_RUN_STAGES);
  const [limit, setLimit] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const max = limit.trim() === "" ? undefined : Number(limit);
    if (max !== undefined && !(Number.isInteger(max) && max > 0))
      return setError("The limit is a whole number above 0, or blank for no limit.");
    if (!stages.length) return setError("Pick at least one stage.");
    setBusy(true);
    try {
      await startRun.mutateAsync({ stages: RUN_STAGES.filter((stage) => stages.includes(stage)), limit: max });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4 text-sm">
      <form onSubmit={(event) => void start(event)} className="flex flex-wrap items-end gap-4" data-testid="run-start-form">
        <fieldset className="flex flex-wrap gap-3">
          <legend className="mb-1 font-medium">Stages</legend>
          {RUN_STAGES.map((stage) => (
            <label key={stage} className="flex items-center gap-1">
              <input
                type="checkbox"
                data-testid={`run-stage-${stage}`}
                checked={stages.includes(stage)}
                onChange={(event) =>
                  setStages((current) => (event.target.checked ? [...current, stage] : current.filter((s) => s !== stage)))
                }
              />
              {STAGE_LABEL[stage]}
            </label>
          ))}
        </fieldset>
        <label className="space-y-1">
          <span className="block font-medium">Limit per stage</span>
          <input
            type="number"
            min={1}
            data-testid="run-limit"
            value={limit}
            onChange={(event) => setLimit(event.target.value)}
            placeholder="none"
            className="w-28 rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <button
          type="submit"
          disabled={busy}
          data-testid="run-start"
          className="rounded-md bg-slate-900 px-3 py-2 font-medium text-white disabled:bg-slate-400"
        >
          Start run
        </button>
      </form>
      {error && <ErrorNote testId="run-start-error">{error}</ErrorNote>}
      {runs.error ? (
        <ErrorNote testId="runs-error">{runs.error.message}</ErrorNote>
      ) : runs.data?.items.length === 0 ? (
        <p className="text-slate-600">No runs yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="run-list">
          {runs.data?.items.map((run) => (
            <RunRow key={run.id} run={run} slug={slug} />
          ))}
        </ul>
      )}
    </div>
  );
}
