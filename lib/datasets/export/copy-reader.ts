import "server-only";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/** PostgreSQL's binary COPY signature, then the flags and header-extension length (two int32s). */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;
/** Bytes of COPY data buffered ahead of the consumer. */
const READ_AHEAD_BYTES = 1 << 20;

/**
 * How a binary COPY field becomes a value: an int4, UTF-8 text decoded to a string, or the text's
 * UTF-8 bytes as they came (a view into the received data, never overwritten).
 */
export type FieldType = "int4" | "text" | "bytes";

/**
 * The rows of `COPY (<select>) TO STDOUT (FORMAT binary)`, decoded into objects with the given
 * fields, in pages of `pageRows`. COPY streams: the server produces rows while this process encodes
 * the previous ones, with no query per page, and the binary format needs no unescaping (each field
 * is a length and its bytes). Memory holds a page and the socket's buffers: reading pauses while the
 * consumer works (the stream's backpressure). When the consumer stops early or `signal` aborts, the
 * connection is closed, which ends the COPY on the server.
 */
export async function* copyRows<Row>({
  pool,
  sql,
  types,
  build,
  pageRows,
  signal,
}: {
  pool: pg.Pool;
  sql: string;
  /** Each selected column's type, in order. */
  types: readonly FieldType[];
  /** The row from its decoded values (a fixed object shape keeps the encoders' property reads fast). */
  build: (values: unknown[]) => Row;
  pageRows: number;
  signal?: AbortSignal;
}): AsyncGenerator<Row[]> {
  if (signal?.aborted) throw abortReason(signal);
  const client = await pool.connect();
  // A deep buffer lets the server run ahead (on another core) while this process encodes a page.
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`, { highWaterMark: READ_AHEAD_BYTES }));
  let done = false;
  const onAbort = () => stream.destroy(abortReason(signal!));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    let rest: Buffer = Buffer.alloc(0);
    let headerSeen = false;
    let page: Row[] = [];
    const values: unknown[] = new Array(types.length);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buffer = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let at = 0;
      if (!headerSeen) {
        if (buffer.length < HEADER_BYTES) {
          rest = buffer;
          continue;
        }
        if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("COPY did not answer in PostgreSQL's binary format");
        at = HEADER_BYTES + buffer.readInt32BE(SIGNATURE.length + 4);
        headerSeen = true;
      }
      for (;;) {
        const next = decodeTuple(buffer, at, types, values);
        if (next === undefined) break; // incomplete: wait for more bytes
        if (next === null) {
          at = buffer.length; // the trailer: nothing follows
          done = true;
          break;
        }
        page.push(build(values));
        at = next;
        if (page.length === pageRows) {
          yield page;
          page = [];
        }
      }
      rest = at < buffer.length ? buffer.subarray(at) : Buffer.alloc(0);
      buffer = rest;
    }
    if (signal?.aborted) throw abortReason(signal);
    if (!done) throw new Error("COPY ended before its trailer");
    if (page.length) yield page;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // A COPY left midway keeps the connection busy: close it rather than return it to the pool.
    if (done) client.release();
    else {
      stream.destroy();
      client.release(new Error("export stopped before the end of its COPY"));
    }
  }
}

/** Decodes the tuple at `at` into `values`; returns where the next starts, `undefined` if incomplete, `null` for the trailer. */
function decodeTuple(buffer: Buffer, at: number, types: readonly FieldType[], values: unknown[]): number | null | undefined {
  if (at + 2 > buffer.length) return undefined;
  const count = buffer.readInt16BE(at);
  if (count === -1) return null;
  if (count !== types.length) throw new Error(`COPY row has ${count} fields, expected ${types.length}`);
  let offset = at + 2;
  for (let i = 0; i < types.length; i++) {
    if (offset + 4 > buffer.length) return undefined;
    const length = buffer.readInt32BE(offset);
    offset += 4;
    if (length === -1) {
      values[i] = null;
      continue;
    }
    if (offset + length > buffer.length) return undefined;
    const type = types[i];
    values[i] = type === "bytes" ? buffer.subarray(offset, offset + length) : type === "text" ? buffer.toString("utf8", offset, offset + length) : buffer.readInt32BE(offset);
    offset += length;
  }
  return offset;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("The export was aborted.", "AbortError");
}
