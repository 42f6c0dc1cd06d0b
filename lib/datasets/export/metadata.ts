import type { ParquetField } from "@/lib/datasets/export/formats";

/**
 * Per-record metadata, on request (`--metadata`, the download's `metadata=true`), as OpenCodeInstruct
 * and KodCode publish theirs: what the item is (language, source), how it was judged (scorer's total,
 * its own tests in the sandbox, the independent tests, the pass rate of sampled answers, coverage,
 * difficulty) and what the quality gate knows (contamination when the cut took it, its near-duplicate
 * cluster) and its annotation (how many standing decisions, accepts and rejects, whether a curator
 * adjudicated it, the labels a majority of its annotators picked and its mean rubric scores; never who
 * decided). JSONL carries them as one `metadata` object per record, Parquet as columns (labels and
 * scores as JSON text, their keys being each project's own questions); without the option nothing
 * changes, byte for byte. Read from the frozen item, so the same version always gives the same metadata.
 */

type Kind = "text" | "number" | "int" | "bool" | "json";

interface MetadataColumn {
  name: string;
  /** Over dataset_items, as text (binary COPY of text keeps one decoder for every field); NULL when absent. */
  sql: string;
  kind: Kind;
}

export const METADATA_COLUMNS: readonly MetadataColumn[] = [
  { name: "id", sql: "item_key", kind: "text" },
  { name: "language", sql: "language", kind: "text" },
  { name: "source", sql: "source::text", kind: "text" },
  { name: "difficulty", sql: "lower(difficulty::text)", kind: "text" },
  { name: "score", sql: "score::text", kind: "number" },
  { name: "tests", sql: "nullif(tests, '')", kind: "text" },
  { name: "verified", sql: "verified::text", kind: "bool" },
  { name: "independent_tests", sql: "lower(quality->>'independentTests')", kind: "text" },
  { name: "own_tests", sql: "lower(quality->>'ownTests')", kind: "text" },
  { name: "pass_rate", sql: "solve_rate::text", kind: "number" },
  { name: "coverage", sql: "coverage::text", kind: "number" },
  { name: "contaminated", sql: "(coalesce(quality, '{}'::jsonb) ? 'contamination')::text", kind: "bool" },
  { name: "contaminated_by", sql: "quality->'contamination'->>'taskId'", kind: "text" },
  { name: "duplicate_cluster", sql: "quality->>'clusterId'", kind: "text" },
  { name: "cross_lingual_siblings", sql: "quality->>'crossLingualSiblings'", kind: "int" },
  { name: "evolution_operation", sql: "quality->>'evolutionOperation'", kind: "text" },
  { name: "review_decisions", sql: "quality->'annotation'->>'decisions'", kind: "int" },
  { name: "review_accepts", sql: "quality->'annotation'->>'accepts'", kind: "int" },
  { name: "review_rejects", sql: "quality->'annotation'->>'rejects'", kind: "int" },
  { name: "adjudicated", sql: "quality->'annotation'->>'adjudicated'", kind: "bool" },
  { name: "labels", sql: "(quality->'annotation'->'labels')::text", kind: "json" },
  { name: "rubric_scores", sql: "(quality->'annotation'->'scores')::text", kind: "json" },
];

/** One field's value from its text (null stays null); JSON as a value (JSONL) or as compact JSON text (a Parquet string column). */
function parse(kind: Kind, text: string | null, json: "value" | "text"): unknown {
  if (text === null) return null;
  if (kind === "number" || kind === "int") return Number(text);
  if (kind === "bool") return text === "true";
  if (kind === "json") return json === "value" ? JSON.parse(text) : JSON.stringify(JSON.parse(text));
  return text;
}

/** The metadata of a row whose metadata fields start at `first` in the tuple (read.ts). */
export function metadataOf(
  buffer: Buffer,
  starts: Int32Array,
  ends: Int32Array,
  first: number,
  { json = "value" }: { json?: "value" | "text" } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  METADATA_COLUMNS.forEach((column, i) => {
    const start = starts[first + i]!;
    out[column.name] = parse(column.kind, start < 0 ? null : buffer.toString("utf8", start, ends[first + i]!), json);
  });
  return out;
}

const PARQUET_TYPES: Record<Kind, Pick<ParquetField, "type" | "converted_type">> = {
  text: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  number: { type: "DOUBLE" },
  int: { type: "INT32" },
  bool: { type: "BOOLEAN" },
  json: { type: "BYTE_ARRAY", converted_type: "UTF8" },
};

/** The metadata as Parquet columns after the format's own: flat, optional (null where the item has none). */
export const METADATA_PARQUET: ParquetField[] = METADATA_COLUMNS.map((column) => ({
  name: column.name,
  ...PARQUET_TYPES[column.kind],
  repetition_type: "OPTIONAL",
}));
