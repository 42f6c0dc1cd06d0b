import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type { FileTypeName, Format } from "@/lib/datasets/export/formats";

/**
 * Turns records into bytes as they come: `push` a page of records, get back the bytes that are ready
 * (possibly none, for Parquet until a row group fills); `end` returns the rest. Nothing depends on
 * the clock or on how the rows were paged, so the same records always give the same bytes.
 */
export interface Encoder {
  push(records: Record<string, unknown>[]): Uint8Array[];
  end(): Uint8Array[];
}

export function createEncoder(format: Format, fileType: FileTypeName): Encoder {
  return fileType === "jsonl" ? jsonlEncoder() : parquetEncoder(format);
}

/** One JSON object per line, `\n` after each (also the last); UTF-8; no BOM. */
function jsonlEncoder(): Encoder {
  return {
    push(records) {
      if (!records.length) return [];
      let text = "";
      for (const record of records) text += JSON.stringify(record) + "\n";
      return [Buffer.from(text, "utf8")];
    },
    end: () => [],
  };
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

function parquetEncoder(format: Format, rowGroupRows = ROW_GROUP_ROWS): Encoder {
  const writer = new ChunkWriter(1 << 20);
  // No key-value metadata and a fixed `created_by`: nothing of the moment of writing goes in.
  const parquet = new ParquetWriter({ writer, schema: [{ name: "schema", num_children: format.columns.length }, ...format.parquet], createdBy: "rosetta", codec: "SNAPPY" });
  let pending: Record<string, unknown>[] = [];
  const writeGroup = (rows: Record<string, unknown>[]) => {
    const result = parquet.write({ columnData: format.columns.map((name) => ({ name, data: rows.map((row) => row[name]) })), rowGroupSize: rows.length });
    if (result) throw new Error("hyparquet-writer wrote asynchronously; the encoder expects a synchronous writer");
  };
  return {
    push(records) {
      for (const record of records) {
        pending.push(record);
        if (pending.length === rowGroupRows) {
          writeGroup(pending);
          pending = [];
        }
      }
      return writer.take();
    },
    end() {
      if (pending.length) writeGroup(pending);
      pending = [];
      const result = parquet.finish();
      if (result) throw new Error("hyparquet-writer finished asynchronously; the encoder expects a synchronous writer");
      return writer.take();
    },
  };
}
