import { describe, expect, it } from "vitest";
import { countCodeTokens, normalizedHash } from "@/lib/synthesis/import/normalize";

describe("normalizedHash", () => {
  it("is the same across line endings, trailing spaces and blank edges", () => {
    const base = normalizedHash("def f():\n    return 1\n");
    expect(normalizedHash("def f():\r\n    return 1\r\n")).toBe(base);
    expect(normalizedHash("\n\ndef f():   \n    return 1\t\n\n")).toBe(base);
  });

  it("differs when the code does, including indentation", () => {
    expect(normalizedHash("def f():\n  return 1\n")).not.toBe(normalizedHash("def f():\n    return 1\n"));
    expect(normalizedHash("return 1")).not.toBe(normalizedHash("return 2"));
  });
});

describe("countCodeTokens", () => {
  it("counts identifiers, numbers and punctuation, long identifiers as several", () => {
    expect(countCodeTokens("x = 1")).toBe(3);
    expect(countCodeTokens("f(a, b);")).toBe(7);
    expect(countCodeTokens("averyveryverylongidentifier")).toBe(5);
    expect(countCodeTokens("")).toBe(0);
  });
});
