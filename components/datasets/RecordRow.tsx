"use client";

import { useState } from "react";
import { SOURCE_LABELS } from "@/components/datasets/schemas";
import type { VersionItem } from "@/lib/datasets/version-types";

const firstLine = (text: string) => text.split("\n", 1)[0]!.trim() || "(empty instruction)";

/** One record of a version: a line that says what it is; opened, its instruction, solution and tests in full. */
export function RecordRow({ item }: { item: VersionItem }) {
  const [open, setOpen] = useState(false);
  return (
    <li className="rounded-md border border-slate-200 bg-white" data-testid="record-row" data-language={item.language}>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className="flex w-full min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2 text-left text-sm hover:bg-slate-50"
      >
        <span className="w-4 text-slate-400" aria-hidden>
          {open ? "▾" : "▸"}
        </span>
        <span className="min-w-0 flex-1 basis-48 break-words font-medium">{firstLine(item.instruction)}</span>
        <span className="flex flex-wrap gap-2 text-xs text-slate-600">
          <span className="rounded bg-slate-100 px-1.5 py-0.5">{item.language}</span>
          <span className="rounded bg-slate-100 px-1.5 py-0.5">{SOURCE_LABELS[item.source]}</span>
          <span className="tabular-nums">score {item.score === null ? "–" : item.score.toFixed(2)}</span>
          <span>{item.tests ? (item.verified ? "tests pass" : "tests not passing") : "no tests"}</span>
        </span>
      </button>
      {open && (
        <div className="space-y-3 border-t border-slate-200 px-3 py-3 text-sm" data-testid="record-detail">
          <p className="font-mono text-xs text-slate-500">
            #{item.position} · {item.itemKey}
          </p>
          <Block title="Instruction" text={item.instruction} prose />
          <Block title="Solution" text={item.solution} />
          {item.tests ? <Block title="Tests" text={item.tests} /> : <p className="text-slate-500">No tests (a seed pair carries none).</p>}
        </div>
      )}
    </li>
  );
}

function Block({ title, text, prose = false }: { title: string; text: string; prose?: boolean }) {
  return (
    <section className="space-y-1">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500">{title}</h3>
      <pre
        className={`max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-50 p-2 ${prose ? "font-sans" : "font-mono text-xs"}`}
      >
        {text}
      </pre>
    </section>
  );
}
