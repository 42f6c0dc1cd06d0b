import "server-only";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

/** PostgreSQL's binary COPY signature, then the flags and header-extension length (two int32s). */
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER_BYTES = SIGNATURE.length + 8;
/** Bytes of COPY data buffered ahead of the consumer: the server runs ahead while a page is encoded. */
const READ_AHEAD_BYTES = 1 << 20;

/**
 * Receives each row where it lies in the received bytes: field `i` is `buffer[starts[i]..ends[i]]`
 * (`starts[i] === -1` for NULL). Valid only during the call: copy what must outlive it.
 */
export type RowVisitor = (buffer: Buffer, starts: Int32Array, ends: Int32Array) => void;

/**
 * Streams `COPY (<select>) TO STDOUT (FORMAT binary)` through `visit`, row by row, in order, and
 * yields after every `pageRows` rows (and after the last) so the caller can hand on what it made of
 * them. COPY streams: the server produces rows while this process works on the previous ones, with
 * no statement per page; the binary format needs no unescaping, and the visitor reads each field
 * straight from the received bytes, so no per-row strings or buffers are made unless the visitor
 * makes them. Memory holds the read-ahead; reading pauses while the caller works (backpressure).
 * When the caller stops early or `signal` aborts, the connection is closed, which ends the COPY.
 */
export async function* copyRows({
  pool,
  sql,
  fields,
  pageRows,
  signal,
  visit,
}: {
  pool: pg.Pool;
  sql: string;
  fields: number;
  pageRows: number;
  signal?: AbortSignal;
  visit: RowVisitor;
}): AsyncGenerator<number> {
  if (signal?.aborted) throw abortReason(signal);
  const client = await pool.connect();
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`, { highWaterMark: READ_AHEAD_BYTES }));
  let done = false;
  const onAbort = () => stream.destroy(abortReason(signal!));
  signal?.addEventListener("abort", onAbort, { once: true });
  const starts = new Int32Array(fields);
  const ends = new Int32Array(fields);
  /** Visits the whole tuple at `at`; returns where the next starts, `undefined` if it is not all here yet, `null` at the trailer. */
  const decode = (buffer: Buffer, at: number): number | null | undefined => {
    if (at + 2 > buffer.length) return undefined;
    const count = buffer.readInt16BE(at);
    if (count === -1) return null;
    if (count !== fields) throw new Error(`COPY row has ${count} fields, expected ${fields}`);
    let offset = at + 2;
    for (let i = 0; i < fields; i++) {
      if (offset + 4 > buffer.length) return undefined;
      const length = buffer.readInt32BE(offset);
      offset += 4;
      starts[i] = length < 0 ? -1 : offset;
      offset += Math.max(length, 0);
      ends[i] = offset;
    }
    if (offset > buffer.length) return undefined;
    visit(buffer, starts, ends);
    return offset;
  };
  try {
    let rows = 0;
    // The start of a tuple (or of the header) that the previous chunk cut off.
    let rest: Buffer | undefined;
    let headerSeen = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buffer = chunk;
      let at = 0;
      if (rest && !headerSeen) {
        buffer = Buffer.concat([rest, chunk]);
        rest = undefined;
      } else if (rest) {
        // Only what completes the cut tuple is joined to it, not the whole chunk.
        let take = Math.min(chunk.length, 1024);
        for (;;) {
          const joined = Buffer.concat([rest, chunk.subarray(0, take)]);
          const next = decode(joined, 0);
          if (next === undefined && take < chunk.length) {
            take = Math.min(chunk.length, take * 4);
            continue;
          }
          if (next === undefined) [rest, at] = [joined, chunk.length];
          else if (next === null) [done, at] = [true, chunk.length];
          else {
            at = next - rest.length;
            rest = undefined;
            rows += 1;
          }
          break;
        }
      }
      if (!headerSeen) {
        if (buffer.length < HEADER_BYTES) {
          rest = buffer;
          continue;
        }
        if (!buffer.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("COPY did not answer in PostgreSQL's binary format");
        at = HEADER_BYTES + buffer.readInt32BE(SIGNATURE.length + 4);
        headerSeen = true;
      }
      while (!done && at < buffer.length) {
        if (rows === pageRows) {
          yield rows;
          rows = 0;
        }
        const next = decode(buffer, at);
        if (next === undefined) {
          rest = buffer.subarray(at);
          break;
        }
        if (next === null) done = true;
        else {
          at = next;
          rows += 1;
        }
      }
      if (rows === pageRows) {
        yield rows;
        rows = 0;
      }
    }
    if (signal?.aborted) throw abortReason(signal);
    if (!done) throw new Error("COPY ended before its trailer");
    if (rows) yield rows;
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

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException("The export was aborted.", "AbortError");
}
