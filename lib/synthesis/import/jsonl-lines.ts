import { createReadStream } from "node:fs";

export type JsonlLine = { number: number; bytes: Buffer } | { number: number; overBytes: number };

/**
 * A file's lines as raw bytes, numbered from 1 and streamed (a CR before the LF is dropped), so
 * that each line is decoded on its own and a bad byte costs only its line. A line longer than
 * `maxLineBytes` is not held: it comes back as its size only.
 */
export async function* jsonlLines(file: string, { maxLineBytes }: { maxLineBytes: number }): AsyncGenerator<JsonlLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const line = (tail: Buffer): JsonlLine => {
    const size = pendingBytes + tail.length;
    number += 1;
    const whole = size > maxLineBytes ? null : pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    if (!whole) return { number, overBytes: size };
    return { number, bytes: whole.at(-1) === 0x0d ? whole.subarray(0, -1) : whole };
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      yield line(chunk.subarray(start, newline));
      start = newline + 1;
    }
    const rest = chunk.subarray(start);
    // Past the cap, only the count is kept: the line is refused whatever follows.
    if (pendingBytes <= maxLineBytes) pending.push(rest);
    pendingBytes += rest.length;
  }
  if (pendingBytes) yield line(Buffer.alloc(0));
}
