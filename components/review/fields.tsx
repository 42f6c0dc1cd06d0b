"use client";

import type { CandidateDetail } from "@/lib/review/candidate-types";

export type Revision = CandidateDetail["revisions"][number];
export const FIELDS = ["instruction", "solution", "tests"] as const;
export type Field = (typeof FIELDS)[number];
export type Fields = Record<Field, string>;

export const fieldsOf = (revision: Revision): Fields => ({
  instruction: revision.instruction,
  solution: revision.solution,
  tests: revision.tests,
});

/** The instruction is prose; the solution and the tests are code in the item's language. */
export const fieldLanguage = (field: Field, language: string) => (field === "instruction" ? "markdown" : language);

/** Instruction / solution / tests: which part of the item the editor shows. A dot marks a changed part. */
export function FieldTabs({
  field,
  onSelect,
  changed = [],
  testIdPrefix = "field-tab",
}: {
  field: Field;
  onSelect: (field: Field) => void;
  changed?: readonly Field[];
  testIdPrefix?: string;
}) {
  return (
    <div role="tablist" className="flex gap-1 text-xs">
      {FIELDS.map((name) => (
        <button
          key={name}
          type="button"
          role="tab"
          aria-selected={name === field}
          data-testid={`${testIdPrefix}-${name}`}
          onClick={() => onSelect(name)}
          className={`rounded-t border border-b-0 px-3 py-1 ${name === field ? "border-slate-300 bg-white font-medium" : "border-transparent bg-slate-100 text-slate-600"}`}
        >
          {name}
          {changed.includes(name) ? " •" : ""}
        </button>
      ))}
    </div>
  );
}
