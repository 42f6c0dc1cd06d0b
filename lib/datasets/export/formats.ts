import type { ExportFileType, ExportFormat } from "@/lib/db/generated/enums";

/**
 * What each export format writes, one record per item (or per DPO pair), as the trainers read it:
 * TRL's SFTTrainer and axolotl's chat templates (OpenAI-style `messages`), LLaMA-Factory and
 * FastChat (ShareGPT `conversations`), Alpaca (`instruction`/`input`/`output`), and TRL's
 * DPOTrainer (`prompt`/`chosen`/`rejected`).
 *
 * Records hold exactly those fields: no system message (a trainer's chat template adds its own, and
 * a fixed one baked into every row would teach nothing) and, by default, no metadata columns (some
 * trainers pass unknown columns through to the collator and fail); metadata.ts adds them on request.
 * Provenance is in the dataset card beside the files. The key order below is part of the
 * byte-for-byte contract.
 */

/** A dataset item as the writers read it, in position order. */
export interface ItemRow {
  position: number;
  /** Stable across versions ("candidate:<id>"): the train/test split hashes it. */
  key: string;
  instruction: string;
  solution: string;
}

/** A frozen DPO pair as the writers read it, in position order. */
export interface PairRow {
  position: number;
  key: string;
  prompt: string;
  chosen: string;
  rejected: string;
}

export type RowKind = "items" | "pairs";

/** The text columns each kind of row carries, in the order they are read (read.ts). */
export const TEXT_COLUMNS = { items: ["instruction", "solution"], pairs: ["prompt", "chosen", "rejected"] } as const satisfies Record<
  RowKind,
  readonly string[]
>;

export const FORMAT_NAMES = ["sft", "sharegpt", "alpaca", "dpo"] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
export const FILE_TYPES = ["jsonl", "parquet"] as const;
export type FileTypeName = (typeof FILE_TYPES)[number];

export const FORMAT_ENUM: Record<FormatName, ExportFormat> = { sft: "SFT_MESSAGES", sharegpt: "SHAREGPT", alpaca: "ALPACA", dpo: "DPO" };
export const FILE_TYPE_ENUM: Record<FileTypeName, ExportFileType> = { jsonl: "JSONL", parquet: "PARQUET" };

/** A Parquet schema element (hyparquet's SchemaElement, the fields we use). */
export interface ParquetField {
  name: string;
  type?: "BYTE_ARRAY" | "DOUBLE" | "INT32" | "BOOLEAN";
  converted_type?: "UTF8" | "LIST";
  repetition_type?: "REQUIRED" | "REPEATED" | "OPTIONAL";
  num_children?: number;
}

const utf8 = (name: string): ParquetField => ({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" });

/** A list of {a, b} string structs, in Parquet's standard three-level LIST layout (what pyarrow and `datasets` write). */
function listOfPairs(name: string, a: string, b: string): ParquetField[] {
  return [
    { name, repetition_type: "REQUIRED", converted_type: "LIST", num_children: 1 },
    { name: "list", repetition_type: "REPEATED", num_children: 1 },
    { name: "element", repetition_type: "REQUIRED", num_children: 2 },
    utf8(a),
    utf8(b),
  ];
}

interface FormatSpec<Row, Out extends object> {
  /** Items or the version's frozen DPO pairs. */
  reads: RowKind;
  record(row: Row): Out;
  /** The row's fields the record holds, in the order they appear in its JSON. */
  fields: (keyof Row & string)[];
  /** Top-level columns, in order, and the Parquet schema below the root. */
  columns: (keyof Out & string)[];
  parquet: ParquetField[];
}

const sft: FormatSpec<ItemRow, { messages: { role: string; content: string }[] }> = {
  reads: "items",
  record: (row) => ({
    messages: [
      { role: "user", content: row.instruction },
      { role: "assistant", content: row.solution },
    ],
  }),
  fields: ["instruction", "solution"],
  columns: ["messages"],
  parquet: listOfPairs("messages", "role", "content"),
};

const sharegpt: FormatSpec<ItemRow, { conversations: { from: string; value: string }[] }> = {
  reads: "items",
  record: (row) => ({
    conversations: [
      { from: "human", value: row.instruction },
      { from: "gpt", value: row.solution },
    ],
  }),
  fields: ["instruction", "solution"],
  columns: ["conversations"],
  parquet: listOfPairs("conversations", "from", "value"),
};

const alpaca: FormatSpec<ItemRow, { instruction: string; input: string; output: string }> = {
  reads: "items",
  record: (row) => ({ instruction: row.instruction, input: "", output: row.solution }),
  fields: ["instruction", "solution"],
  columns: ["instruction", "input", "output"],
  parquet: [utf8("instruction"), utf8("input"), utf8("output")],
};

const dpo: FormatSpec<PairRow, { prompt: string; chosen: string; rejected: string }> = {
  reads: "pairs",
  record: (row) => ({ prompt: row.prompt, chosen: row.chosen, rejected: row.rejected }),
  fields: ["prompt", "chosen", "rejected"],
  columns: ["prompt", "chosen", "rejected"],
  parquet: [utf8("prompt"), utf8("chosen"), utf8("rejected")],
};

/** The formats, loosely typed for the writers (each reads the row kind its `reads` names). */
export type Format = FormatSpec<ItemRow | PairRow, Record<string, unknown>>;
export const FORMATS: Record<FormatName, Format> = { sft, sharegpt, alpaca, dpo } as unknown as Record<FormatName, Format>;
