import { describe, expect, it } from "vitest";
import { createEncoder, jsonEscape, lineTemplate, type Encoder } from "@/lib/datasets/export/encoder";
import { FORMAT_NAMES, FORMATS, TEXT_COLUMNS, type RowKind } from "@/lib/datasets/export/formats";

const NASTY = [
  '"quoted" \\ back\\slash',
  "new\nline\ttab\r\b\f\u0001\u001f\u007f",
  "ünïcödé — 日本語 😀 \u2028\u2029 \u00a0",
  "",
  "</script>{}[]",
  "\u0000rosetta-field-0\u0000",
];

/** Rows through an encoder as read.ts hands them over: each a tuple of (position, key, the kind's text columns as UTF-8). */
function encode(encoder: Encoder, kind: RowKind, rows: Record<string, string | number>[]): string {
  const columns = TEXT_COLUMNS[kind];
  const out: Uint8Array[] = [];
  for (const row of rows) {
    const fields = [Buffer.alloc(4), Buffer.from(String(row.key)), ...columns.map((column) => Buffer.from(String(row[column])))];
    // Some bytes before, between and after, as in a received chunk.
    const parts = [Buffer.from("junk")];
    const starts = new Int32Array(fields.length);
    const ends = new Int32Array(fields.length);
    let at = 4;
    fields.forEach((field, i) => {
      parts.push(field, Buffer.from("--"));
      starts[i] = at;
      ends[i] = at + field.length;
      at += field.length + 2;
    });
    encoder.row(Buffer.concat(parts), starts, ends);
    out.push(...encoder.take());
  }
  out.push(...encoder.end());
  return Buffer.concat(out).toString("utf8");
}

describe("jsonEscape", () => {
  it("gives the bytes of JSON.stringify for every single character below 0x80, and multi-byte text", () => {
    const samples = [...Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)), ...NASTY, "a\u0000b"];
    for (const text of samples) {
      const out = Buffer.alloc(text.length * 12 + 2);
      const bytes = Buffer.from(`xy${text}z`);
      const end = jsonEscape(bytes, 2, bytes.length - 1, out, 0);
      expect(out.subarray(0, end).toString("utf8"), JSON.stringify(text)).toBe(JSON.stringify(text));
    }
  });
});

describe("JSONL lines", () => {
  it.each(FORMAT_NAMES)("%s: exactly JSON.stringify of the format's record, whatever the text", (name) => {
    const format = FORMATS[name];
    const encoder = createEncoder(format, "jsonl");
    const rows = NASTY.flatMap((a, i) =>
      NASTY.map((b, j) => ({
        position: i * 10 + j,
        key: `k${i}-${j}`,
        instruction: a,
        solution: b,
        prompt: a,
        chosen: b,
        rejected: `${b}${a}`,
      })),
    );
    expect(encode(encoder, format.reads, rows)).toBe(rows.map((row) => `${JSON.stringify(format.record(row))}\n`).join(""));
  });

  it("refuses a record that does not hold its fields once each, as strings", () => {
    expect(() =>
      lineTemplate({
        ...FORMATS.alpaca,
        record: (row) => ({
          instruction: (row as { instruction: string }).instruction,
          output: (row as { instruction: string }).instruction,
        }),
      }),
    ).toThrow(/field/);
  });

  it("grows its buffer for a page larger than it", () => {
    const encoder = createEncoder(FORMATS.sft, "jsonl");
    const rows = [1, 2, 3].map((position) => ({
      position,
      key: String(position),
      instruction: "x\n".repeat(1 << 20),
      solution: "é".repeat(1 << 20),
    }));
    expect(encode(encoder, "items", rows)).toBe(rows.map((row) => `${JSON.stringify(FORMATS.sft.record(row))}\n`).join(""));
  });
});

describe("jsonEscape on random text", () => {
  it("matches JSON.stringify on thousands of random strings of control characters, quotes, backslashes, ASCII and multi-byte characters", () => {
    // A fixed-seed generator: the same strings on every run.
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    const alphabet = [
      '"',
      "\\",
      "\n",
      "\t",
      "\r",
      "\b",
      "\f",
      "\u0001",
      "\u001f",
      " ",
      "a",
      "Z",
      "0",
      "{",
      "}",
      "\u007f",
      "é",
      "—",
      "日",
      "😀",
      "\u2028",
    ];
    for (let n = 0; n < 3_000; n++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () =>
        random() < 0.5 ? "abcdefgh" : alphabet[Math.floor(random() * alphabet.length)]!,
      ).join("");
      const bytes = Buffer.from(`..${text}...`);
      const out = Buffer.alloc(bytes.length * 6 + 2);
      const end = jsonEscape(bytes, 2, bytes.length - 3, out, 0);
      expect(out.subarray(0, end).toString("utf8")).toBe(JSON.stringify(text));
    }
  });
});
