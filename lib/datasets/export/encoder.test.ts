import { describe, expect, it } from "vitest";
import { createEncoder, jsonEscape, lineTemplate } from "@/lib/datasets/export/encoder";
import { FORMAT_NAMES, FORMATS } from "@/lib/datasets/export/formats";

const NASTY = ['"quoted" \\ back\\slash', "new\nline\ttab\r\b\f\u0001\u001f\u007f", "ünïcödé — 日本語 😀 \u2028\u2029 \u00a0", "", "</script>{}[]", "\u0000rosetta-field-0\u0000"];

/** A row as the JSONL encoder reads it: the text fields as UTF-8 bytes (read.ts, textAs "bytes"). */
const asBytes = <Row extends Record<string, unknown>>(row: Row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, typeof value === "string" && name !== "key" ? Buffer.from(value) : value]));

describe("jsonEscape", () => {
  it("gives the bytes of JSON.stringify for every single character below 0x80, and multi-byte text", () => {
    const samples = [...Array.from({ length: 0x80 }, (_, code) => String.fromCharCode(code)), ...NASTY, "a\u0000b"];
    for (const text of samples) {
      const out = Buffer.alloc(text.length * 12 + 2);
      const end = jsonEscape(Buffer.from(text), out, 0);
      expect(out.subarray(0, end).toString("utf8"), JSON.stringify(text)).toBe(JSON.stringify(text));
    }
  });
});

describe("JSONL lines", () => {
  it.each(FORMAT_NAMES)("%s: exactly JSON.stringify of the format's record, whatever the text", (name) => {
    const format = FORMATS[name];
    const encoder = createEncoder(format, "jsonl");
    const rows = NASTY.flatMap((a, i) => NASTY.map((b, j) => ({ position: i * 10 + j, key: `k${i}-${j}`, instruction: a, solution: b, prompt: a, chosen: b, rejected: `${b}${a}` })));
    const bytes = Buffer.concat(encoder.push(rows.map(asBytes)));
    expect(bytes.toString("utf8")).toBe(rows.map((row) => `${JSON.stringify(format.record(row))}\n`).join(""));
  });

  it("refuses a record that does not hold its fields once each, as strings", () => {
    expect(() => lineTemplate({ ...FORMATS.alpaca, record: (row) => ({ instruction: (row as { instruction: string }).instruction, output: (row as { instruction: string }).instruction }) })).toThrow(/field/);
  });

  it("grows its buffer for a page larger than it", () => {
    const encoder = createEncoder(FORMATS.sft, "jsonl");
    const rows = [1, 2, 3].map((position) => ({ position, key: String(position), instruction: "x\n".repeat(1 << 20), solution: "é".repeat(1 << 20) }));
    expect(Buffer.concat(encoder.push(rows.map(asBytes))).toString("utf8")).toBe(rows.map((row) => `${JSON.stringify(FORMATS.sft.record(row))}\n`).join(""));
  });
});
