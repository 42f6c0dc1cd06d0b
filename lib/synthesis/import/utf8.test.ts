import { describe, expect, it } from "vitest";
import { decodeUtf8, hasUnpairedSurrogate } from "@/lib/synthesis/import/utf8";

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

describe("decodeUtf8", () => {
  it("decodes UTF-8, a byte-order mark dropped", () => {
    expect(decodeUtf8(bytes("naïve ✓ 😀"))).toEqual({ text: "naïve ✓ 😀" });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], "x = 1"))).toEqual({ text: "x = 1" });
  });

  it("names the first byte that is not UTF-8 and its column, whatever the kind of fault", () => {
    expect(decodeUtf8(bytes("ab", [0xff], "c"))).toEqual({ error: "not valid UTF-8: byte 0xff at column 3" });
    expect(decodeUtf8(bytes("caf", [0xe9], ".py"))).toEqual({ error: "not valid UTF-8: byte 0xe9 at column 4" }); // latin1
    expect(decodeUtf8(bytes("é", [0xc0, 0xaf]))).toEqual({ error: "not valid UTF-8: byte 0xc0 at column 3" }); // overlong "/"
    expect(decodeUtf8(bytes("x", [0xed, 0xa0, 0x80]))).toEqual({ error: "not valid UTF-8: byte 0xed at column 2" }); // an encoded surrogate
    expect(decodeUtf8(bytes("x", [0xf4, 0x90, 0x80, 0x80]))).toEqual({ error: "not valid UTF-8: byte 0xf4 at column 2" }); // past U+10FFFF
    expect(decodeUtf8(bytes("✓", [0xe2, 0x9c]))).toEqual({ error: "not valid UTF-8: byte 0xe2 at column 4" }); // cut short
  });
});

describe("hasUnpairedSurrogate", () => {
  it("finds half a pair, not a whole one", () => {
    expect(hasUnpairedSurrogate(JSON.parse('"a\\ud800b"') as string)).toBe(true);
    expect(hasUnpairedSurrogate(JSON.parse('"\\udc00"') as string)).toBe(true);
    expect(hasUnpairedSurrogate(JSON.parse('"\\ud83d\\ude00"') as string)).toBe(false);
    expect(hasUnpairedSurrogate("plain � text")).toBe(false);
  });
});
