import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { TEXT_COLUMNS, type FileTypeName, type Format, type ItemRow, type PairRow } from "@/lib/datasets/export/formats";
import { METADATA_COLUMNS, METADATA_PARQUET, metadataOf } from "@/lib/datasets/export/metadata";

/** Where a row's fields are in the tuple an encoder gets (read.ts): position (int4), key, then the kind's TEXT_COLUMNS. */
const FIRST_TEXT = 2;

/**
 * Turns rows into the format's records and those into bytes: `row` takes one row where it lies in
 * the received bytes (read.ts; field `i` is `buffer[starts[i]..ends[i]]`, valid only during the
 * call); `take` returns the bytes ready so far (possibly none, for Parquet until a row group fills);
 * `end` returns the rest. Nothing depends on the clock or on how the rows were paged, so the same
 * rows always give the same bytes.
 */
export interface Encoder {
  row(buffer: Buffer, starts: Int32Array, ends: Int32Array): void;
  take(): Uint8Array[];
  end(): Uint8Array[];
}

export function createEncoder(format: Format, fileType: FileTypeName, { metadata = false }: { metadata?: boolean } = {}): Encoder {
  const withMetadata = metadata && format.reads === "items";
  return fileType === "jsonl" ? jsonlEncoder(format, withMetadata) : parquetEncoder(format, ROW_GROUP_ROWS, withMetadata);
}

/**
 * A record's JSON line as a template: the format's record built from sentinel field values, cut
 * where each value's JSON lands. Filling the gaps with each value's JSON gives exactly
 * `JSON.stringify(record(row))` (tested), without building, walking, decoding and re-encoding an
 * object per row, which was most of an export's time.
 */
export function lineTemplate(format: Format): { fields: string[]; pieces: string[] } {
  const fields = format.fields;
  // Values no real field equals, whose JSON (with its quotes) marks where each field goes.
  const sentinels = fields.map((_, i) => `\u0000rosetta-field-${i}\u0000`);
  let json = JSON.stringify(
    format.record(Object.fromEntries(fields.map((field, i) => [field, sentinels[i]])) as unknown as ItemRow & PairRow),
  );
  const pieces: string[] = [];
  sentinels.forEach((sentinel, i) => {
    const needle = JSON.stringify(sentinel);
    const at = json.indexOf(needle);
    if (at < 0 || json.indexOf(needle, at + 1) >= 0) throw new Error(`a record must hold field ${fields[i]} exactly once, as a string`);
    pieces.push(json.slice(0, at));
    json = json.slice(at + needle.length);
  });
  pieces.push(`${json}\n`);
  return { fields, pieces };
}

/** Room for several pages of lines (PAGE_ROWS of code items are about 600 kB of JSON). */
const SCRATCH_BYTES = 4 << 20;

/**
 * One JSON object per line, `\n` after each (also the last); UTF-8; no BOM. Each line is the
 * template's fixed bytes around each field's UTF-8 bytes escaped for JSON (jsonEscape), written into
 * one buffer per page.
 */
function jsonlEncoder(format: Format, metadata = false): Encoder {
  const { fields, pieces } = lineTemplate(format);
  // With metadata, the record's closing brace comes after a `metadata` object (as JSON.stringify({...record, metadata}) writes it).
  if (metadata) pieces[pieces.length - 1] = pieces.at(-1)!.replace(/}\n$/, "");
  const fixed = pieces.map((piece) => Buffer.from(piece, "utf8"));
  const fixedLength = fixed.reduce((sum, piece) => sum + piece.length, 0);
  const columns = TEXT_COLUMNS[format.reads] as readonly string[];
  const fieldAt = fields.map((field) => FIRST_TEXT + columns.indexOf(field));
  const firstMetadata = FIRST_TEXT + columns.length;
  // Lines are written into `scratch` one after another; `take` hands out what was written since
  // the last take as a view, never written again (the sink may still hold it: a download's queue, a
  // write in flight), and a full scratch is left to those views and replaced, not reused.
  let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
  let taken = 0;
  let length = 0;
  // DataViews for jsonEscape's word reads and writes, remade only when the buffers change.
  const views = { bytes: viewOf(scratch), out: viewOf(scratch) };
  let viewed: Buffer = scratch;
  const take = () => {
    if (length === taken) return [];
    const out = scratch.subarray(taken, length);
    taken = length;
    return [out];
  };
  return {
    row(buffer, starts, ends) {
      if (buffer !== viewed) {
        views.bytes = viewOf(buffer);
        viewed = buffer;
      }
      const meta = metadata
        ? Buffer.from(`,"metadata":${JSON.stringify(metadataOf(buffer, starts, ends, firstMetadata))}}\n`, "utf8")
        : undefined;
      // The whole line's worst case up front (an escaped byte takes at most 6, \u00xx), so the loop
      // below never checks room.
      let needed = fixedLength + (meta?.length ?? 0);
      for (let i = 0; i < fields.length; i++) needed += (ends[fieldAt[i]!]! - starts[fieldAt[i]!]!) * 6 + 2;
      if (length + needed > scratch.length) {
        const next = Buffer.allocUnsafeSlow(Math.max(SCRATCH_BYTES, (length - taken + needed) * 2));
        scratch.copy(next, 0, taken, length);
        [scratch, length, taken] = [next, length - taken, 0];
        views.out = viewOf(scratch);
      }
      const out = scratch;
      for (let i = 0; i <= fields.length; i++) {
        // The template's pieces are a few bytes: a loop beats a native copy call.
        const piece = fixed[i]!;
        for (let k = 0; k < piece.length; k++) out[length++] = piece[k]!;
        if (i < fields.length) length = jsonEscape(buffer, starts[fieldAt[i]!]!, ends[fieldAt[i]!]!, out, length, views);
      }
      if (meta) length += meta.copy(out, length);
    },
    take,
    end: take,
  };
}

const HEX = Buffer.from("0123456789abcdef");
/** For each byte below 0x20 and `"` and `\`: its one-letter escape, or 0 for `\u00xx`. */
const SHORT_ESCAPE = new Uint8Array(0x60);
/** 1 for the bytes JSON escapes: below 0x20, `"` and `\\`. */
const ESCAPED = new Uint8Array(256).map((_, byte) => (byte < 0x20 || byte === 0x22 || byte === 0x5c ? 1 : 0));
for (const [byte, letter] of [
  [0x08, "b"],
  [0x0c, "f"],
  [0x0a, "n"],
  [0x0d, "r"],
  [0x09, "t"],
  [0x22, '"'],
  [0x5c, "\\"],
] as const)
  SHORT_ESCAPE[byte] = letter.charCodeAt(0);

/**
 * A UTF-8 string's bytes (`bytes[start..end]`) as a JSON string literal, quotes included, written
 * at `at`; returns the end. Escapes exactly what JSON.stringify escapes (`"`, `\`, control characters, with the same
 * short forms and lower-case hex), so the bytes equal `Buffer.from(JSON.stringify(text))` (tested);
 * everything else, multi-byte characters included, is copied as is. Faster than decoding to a
 * string, stringifying and encoding again, and it leaves no garbage behind.
 */
export function jsonEscape(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
  views: { bytes: DataView; out: DataView } = { bytes: viewOf(bytes), out: viewOf(out) },
): number {
  out[at++] = 0x22;
  let i = start;
  while (i < end) {
    // Four bytes at a time while none needs escaping (SWAR: a byte below 0x20, or equal to `"` or
    // `\`, sets its word's high bit in one of these three tests): twice as fast on code as a byte loop.
    if (i + 4 <= end) {
      const word = views.bytes.getUint32(i, true);
      const quote = word ^ 0x22222222;
      const backslash = word ^ 0x5c5c5c5c;
      const flags = ((word - 0x20202020) & ~word) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash);
      if ((flags & 0x80808080) === 0) {
        views.out.setUint32(at, word, true);
        at += 4;
        i += 4;
        continue;
      }
    }
    const byte = bytes[i++]!;
    if (!ESCAPED[byte]) {
      out[at++] = byte;
      continue;
    }
    out[at++] = 0x5c;
    const letter = SHORT_ESCAPE[byte]!;
    if (letter) out[at++] = letter;
    else {
      out[at++] = 0x75; // u
      out[at++] = 0x30;
      out[at++] = 0x30;
      out[at++] = HEX[byte >> 4]!;
      out[at++] = HEX[byte & 15]!;
    }
  }
  out[at++] = 0x22;
  return at;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Rows per Parquet row group. A fixed count (never the size of a database page) keeps the file's
 * layout, and so its bytes, the same on every export; 5,000 code items are a few MB, small enough
 * to hold while a group is encoded, large enough for good compression.
 */
export const ROW_GROUP_ROWS = 5_000;

/** hyparquet-writer's ByteWriter, handing each finished row group's bytes out instead of growing. */
class ChunkWriter extends ByteWriter {
  chunks: Uint8Array[] = [];
  flush(): void {
    if (!this.index) return;
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  override finish(): void {
    this.flush();
  }
  take(): Uint8Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    return chunks;
  }
}

function parquetEncoder(format: Format, rowGroupRows = ROW_GROUP_ROWS, metadata = false): Encoder {
  const writer = new ChunkWriter(1 << 20);
  // No key-value metadata and a fixed `created_by`: nothing of the moment of writing goes in.
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: "schema", num_children: format.columns.length + (metadata ? METADATA_COLUMNS.length : 0) },
      ...format.parquet,
      ...(metadata ? METADATA_PARQUET : []),
    ],
    createdBy: "rosetta",
    codec: "SNAPPY",
  });
  let pending: Record<string, unknown>[] = [];
  const writeGroup = (rows: Record<string, unknown>[]) => {
    const result = parquet.write({
      columnData: [...format.columns, ...(metadata ? METADATA_COLUMNS.map((c) => c.name) : [])].map((name) => ({
        name,
        data: rows.map((row) => row[name]),
      })),
      rowGroupSize: rows.length,
    });
    if (result) throw new Error("hyparquet-writer wrote asynchronously; the encoder expects a synchronous writer");
  };
  const columns = TEXT_COLUMNS[format.reads] as readonly string[];
  return {
    row(buffer, starts, ends) {
      const value: Record<string, unknown> = { key: buffer.toString("utf8", starts[1]!, ends[1]!) };
      columns.forEach((column, k) => (value[column] = buffer.toString("utf8", starts[FIRST_TEXT + k]!, ends[FIRST_TEXT + k]!)));
      const record = format.record(value as unknown as ItemRow & PairRow);
      pending.push(metadata ? { ...record, ...metadataOf(buffer, starts, ends, FIRST_TEXT + columns.length, { json: "text" }) } : record);
      if (pending.length === rowGroupRows) {
        writeGroup(pending);
        pending = [];
      }
    },
    take: () => writer.take(),
    end() {
      if (pending.length) writeGroup(pending);
      pending = [];
      const result = parquet.finish();
      if (result) throw new Error("hyparquet-writer finished asynchronously; the encoder expects a synchronous writer");
      return writer.take();
    },
  };
}
