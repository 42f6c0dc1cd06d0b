import { describe, expect, it } from "vitest";
import { unwrapObject } from "@/lib/llm/parse/keys";
import { languageOf, readLanguage } from "@/lib/llm/parse/language";
import { readScore } from "@/lib/llm/parse/score";
import { aspectOf } from "@/lib/llm/parse/scorer";
import { readCode, readIssues } from "@/lib/llm/parse/text";

describe("languageOf", () => {
  it.each([
    ["Python", "python"],
    ["python3", "python"],
    ["Py", "python"],
    ["C++", "cpp"],
    ["cpp", "cpp"],
    ["c plus plus", "cpp"],
    ["C++17", "cpp"],
    ["C#", "csharp"],
    ["csharp", "csharp"],
    ["c-sharp", "csharp"],
    ["JS", "javascript"],
    ["Node.js", "javascript"],
    ["JavaScript (Node.js)", "javascript"],
    ["TS", "typescript"],
    ["golang", "go"],
    ["sh", "bash"],
    ["shell", "bash"],
    ["Bash", "bash"],
    ["rs", "rust"],
    ["Java 17", "java"],
  ])("reads %s as %s", (name, language) => {
    expect(languageOf(name)).toBe(language);
  });

  it("knows no language it does not synthesize, and no ambiguous name", () => {
    for (const name of ["Kotlin", "C", "Objective-C", "TypeScript/Python", "english"]) expect(languageOf(name)).toBeUndefined();
  });

  it("fills a missing language from the context, and keeps an unknown one to be refused", () => {
    expect(readLanguage(undefined, "rust")).toBe("rust");
    expect(readLanguage(" ", "go")).toBe("go");
    expect(readLanguage("Kotlin", "go")).toBe("Kotlin");
  });
});

describe("readScore", () => {
  it.each([
    [4, 4],
    ["4", 4],
    ["4.5", 4.5],
    ["4/5", 4],
    ["4.0 / 5", 4],
    ["4 out of 5", 4],
    ["8/10", 4],
    ["7/10", 3.5],
    ["Score: 3", 3],
    ["4 (good)", 4],
    ["N/A", null],
    ["n/a", null],
    ["NA", null],
    ["none", null],
    ["-", null],
    [null, null],
  ])("reads %j as %j", (written, score) => {
    expect(readScore(written)).toBe(score);
  });

  it("leaves what it cannot read, and out-of-range scores stay out of range", () => {
    expect(readScore("pretty solid")).toBe("pretty solid");
    expect(readScore("3-4")).toBe("3-4");
    expect(readScore("7/5")).toBe(7);
    expect(readScore("12/10")).toBe(6);
  });
});

describe("aspectOf", () => {
  it("reads aspect names however they are written", () => {
    for (const name of ["Code Correctness", "code-correctness", "CodeCorrectness", "code_correctness", "Code Correctness Expert"])
      expect(aspectOf(name)).toBe("code_correctness");
    expect(aspectOf("Total Score")).toBe("total");
    expect(aspectOf("Question & Answer Consistency")).toBe("consistency");
    expect(aspectOf("Code Exist")).toBe("code_exists");
    expect(aspectOf("5. Code Correctness: is the code free of syntax and logic errors?")).toBe("code_correctness");
    expect(aspectOf("style")).toBeUndefined();
  });
});

describe("readCode and readIssues", () => {
  it("joins a list of lines and takes the code out of a value that is one fenced block", () => {
    expect(readCode(["assert f(1) == 2", "assert f(2) == 3"])).toBe("assert f(1) == 2\nassert f(2) == 3");
    expect(readCode("```python\nprint(1)\n```")).toBe("print(1)");
    expect(readCode("  \n")).toBe("");
    expect(readCode(42)).toBe(42);
  });

  it("makes one string a list of one, nothing an empty list, and leaves an object to be refused", () => {
    expect(readIssues("too slow")).toEqual(["too slow"]);
    expect(readIssues(undefined)).toEqual([]);
    expect(readIssues([{ issue: "a", severity: "high" }, "b"])).toEqual(["a", "b"]);
    expect(readIssues({ a: 1 })).toEqual({ a: 1 });
  });
});

describe("unwrapObject", () => {
  const fields = { solution: ["code", "answer"] };
  it("unwraps one-item lists and one-key objects, but not a field of the wrong type", () => {
    expect(unwrapObject([{ solution: "x" }], fields)).toEqual({ solution: "x" });
    expect(unwrapObject({ answer: { solution: "x" } }, fields)).toEqual({ solution: "x" });
    expect(unwrapObject({ sample: { solution: "x" }, note: "hi" }, fields)).toEqual({ solution: "x" });
    expect(unwrapObject({ solution: { code: "x" } }, fields)).toEqual({ solution: { code: "x" } });
  });
});
