import { describe, expect, it } from "vitest";
import { safeFileName, shortenName } from "@/lib/projects/file-name";

const bytes = (text: string) => Buffer.byteLength(text);

describe("shortenName", () => {
  it("leaves a name of 255 bytes as it is", () => {
    const name = `${"é".repeat(125)}_a.py`;
    expect(bytes(name)).toBe(255);
    expect(shortenName(name)).toBe(name);
  });

  it("cuts on a character boundary and keeps the extension", () => {
    expect(shortenName(`${"数".repeat(120)}.py`)).toBe(`${"数".repeat(84)}.py`); // 252 + 3 bytes
    expect(shortenName(`${"😀".repeat(70)}.rs`)).toBe(`${"😀".repeat(63)}.rs`); // 252 + 3
    expect(shortenName(`${"x".repeat(400)}.py`)).toBe(`${"x".repeat(252)}.py`);
  });

  it("keeps an emoji sequence whole", () => {
    const family = "👨‍👩‍👧"; // 18 bytes, one character on screen
    const shortened = shortenName(`a${family.repeat(20)}.ts`, 40);
    expect(shortened).toBe(`a${family.repeat(2)}.ts`);
  });

  it("cuts a long suffix that is no extension like any other text", () => {
    const name = `notes.${"y".repeat(300)}`;
    expect(shortenName(name)).toBe(name.slice(0, 255));
  });
});

describe("safeFileName", () => {
  it("keeps the last part of a path, without control characters", () => {
    expect(safeFileName("C:\\Users\\me\\gcd.py")).toBe("gcd.py");
    expect(safeFileName("../../a\u0000b.py")).toBe("ab.py");
    expect(safeFileName("..")).toBe("upload");
    expect(safeFileName(undefined)).toBe("upload");
  });
});
