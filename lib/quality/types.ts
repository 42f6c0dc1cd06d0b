/**
 * The quality gate's shared shapes (lib/quality/README.md): what the decontamination and
 * near-duplicate engines take and report. Pure data, no database: the CLI, the pipeline and the
 * version cut all call the same engines.
 */

/** A problem of a benchmark that datasets are decontaminated against. */
export interface BenchmarkProblem {
  /** e.g. "HumanEval", "MBPP", "MBXP-java", "HumanEval-X-go", or a project file's name. */
  benchmark: string;
  taskId: string;
  /** The benchmark's language name as given (any name; "python", "lua", …), when it has one. */
  language?: string;
  /** The problem statement in natural language (docstring or description, code stripped). */
  statement?: string;
  /** A canonical solution (the whole function, signature included when the benchmark gives it). */
  solution?: string;
  /** A project file's problem as evaluations ask it (lib/eval/suites.ts): the prompt as given, its tests, the entry point. */
  prompt?: string;
  tests?: string;
  entryPoint?: string;
}

/** Why an item counts as contaminated: which benchmark problem, through which field, on what text. */
export interface ContaminationHit {
  benchmark: string;
  taskId: string;
  /** The item's field that overlaps: its instruction (with the statement) or its solution (with the canonical solution). */
  field: "instruction" | "solution";
  /** Share of the benchmark text's n-grams found in the item (0–1). */
  score: number;
  /** The item's overlapping text (the longest matched run, as written in the item). */
  overlap: string;
  /** The benchmark's text it matched (statement or solution), to show side by side. */
  benchmarkText: string;
}

/** What a check is run on: any language name is accepted. */
export interface QualityItem {
  id: string;
  language: string;
  instruction: string;
  solution?: string;
  tests?: string;
  /** For near-duplicate clusters: the best-scored member of a language is kept. */
  score?: number | null;
}

export interface ContaminationIndex {
  /** The first (strongest) hit, or null when the item matches no benchmark problem. */
  check(item: Pick<QualityItem, "language" | "instruction" | "solution">): ContaminationHit | null;
  /** Problems indexed, per benchmark. */
  readonly sizes: Record<string, number>;
}

/** Near-duplicate groups over a set of items (MinHash-LSH candidates, verified by exact Jaccard). */
export interface DuplicateGroups {
  clusters: {
    members: string[];
    languages: string[];
    /** Members of several languages: the same task translated (cross-lingual pairs, not duplicates to drop). */
    crossLingual: boolean;
  }[];
  /** Item id → the id of the same-language member kept in its place (best score, then first seen). */
  duplicateOf: Map<string, string>;
}
