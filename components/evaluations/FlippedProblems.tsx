"use client";

import { useState } from "react";
import { useEvalComparison } from "@/components/data/evaluations";
import { ErrorNote } from "@/components/ErrorNote";
import { runTitle } from "@/components/evaluations/format";
import type { EvalFlip, EvalRunView } from "@/lib/eval/view-types";

const select = "w-full min-w-0 rounded-md border border-slate-300 px-2 py-1 text-sm";

/** "Compare with…": the problems whose outcome differs between this run and another; opening one shows this run's answers to it. */
export function FlippedProblems({
  slug,
  run,
  others,
  onOpen,
}: {
  slug: string;
  run: EvalRunView;
  others: EvalRunView[];
  onOpen: (flip: EvalFlip) => void;
}) {
  const [other, setOther] = useState("");
  // The other run first: a flip reads "before (the other) → after (this one)", base → fine-tuned when opened from the fine-tuned run.
  const comparison = useEvalComparison(slug, other ? [other, run.id] : []);
  const flips = comparison.data?.flips;
  const mark = (passed: boolean) => (passed ? "pass" : "fail");
  return (
    <section className="space-y-2" data-testid="eval-flips">
      <h2 className="font-medium">Compare with…</h2>
      <label className="flex min-w-0 flex-col gap-1 text-sm sm:max-w-md">
        Another run of this project
        <select value={other} onChange={(e) => setOther(e.target.value)} className={select}>
          <option value="">Choose a run</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {runTitle(o)} · {o.suiteName}
            </option>
          ))}
        </select>
      </label>
      {comparison.error && <ErrorNote>{comparison.error.message}</ErrorNote>}
      {flips && (
        <>
          <p className="text-sm text-slate-700" data-testid="flip-counts">
            {flips.failToPass} fail → pass, {flips.passToFail} pass → fail (a problem passes when most of its samples do).
          </p>
          <ul className="max-h-80 divide-y divide-slate-100 overflow-auto rounded-md border border-slate-200 bg-white">
            {flips.items.map((flip) => (
              <li
                key={`${flip.language}/${flip.taskId}`}
                data-testid="flip"
                className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm"
              >
                <span className={flip.after ? "text-emerald-700" : "text-rose-700"}>
                  {mark(flip.before)} → {mark(flip.after)}
                </span>
                <span className="text-slate-500">{flip.language}</span>
                <button type="button" onClick={() => onOpen(flip)} className="font-mono text-brand hover:underline">
                  {flip.taskId}
                </button>
              </li>
            ))}
            {flips.items.length === 0 && <li className="px-4 py-3 text-sm text-slate-600">No problem flipped.</li>}
          </ul>
        </>
      )}
    </section>
  );
}
