import { describe, expect, it } from "vitest";
import { CONTRACTS, parseAnswer } from "@/lib/llm/parse";
import { headingKey } from "@/lib/llm/parse/markdown";

const code = (label: string, body: string) => "```" + label + "\n" + body + "\n```";

describe("headingKey", () => {
  it("reads a heading by its words", () => {
    expect(["Instruction", "Problem Statement", "1. Problem", "The Task", "Question (Python)"].map(headingKey)).toEqual(
      Array(5).fill("instruction"),
    );
    expect(["Solution", "Revised Solution", "Python Code", "Implementation in Rust", "Answer"].map(headingKey)).toEqual(
      Array(5).fill("solution"),
    );
    expect(["Tests", "Test Cases", "Unit Tests (pytest)", "Tests using Jest", "2) Test code"].map(headingKey)).toEqual(
      Array(5).fill("tests"),
    );
    expect(["Approach", "Complexity", "Example", "Notes"].map(headingKey)).toEqual([null, null, null, null]);
  });
});

describe("parseAnswer: the markdown shape", () => {
  it("reads an agent sample under # headings, the language from the solution's fence", () => {
    const text = [
      "## Instruction",
      "Write `add(a, b)`.",
      "",
      "**Constraints:**",
      "- integers only",
      "### Example",
      code("", "add(1, 2) == 3"),
      "## Solution",
      "A one-liner:",
      code("Rust", "fn add(a: i32, b: i32) -> i32 { a + b }"),
      "## Complexity",
      "O(1).",
      "## Tests",
      code("rust", "assert_eq!(add(1, 2), 3);"),
    ].join("\n");
    expect(parseAnswer(text, CONTRACTS.agentSample, { language: "go" })).toEqual({
      ok: true,
      value: {
        instruction: "Write `add(a, b)`.\n\n**Constraints:**\n- integers only\n### Example\n```\nadd(1, 2) == 3\n```",
        solution: "fn add(a: i32, b: i32) -> i32 { a + b }",
        tests: "assert_eq!(add(1, 2), 3);",
        language: "rust",
      },
    });
  });

  it("reads bold and label headings, numbered, and takes the asked language for an unlabelled fence", () => {
    const text = [
      "1. **Problem:** Double a number.",
      "2. **Solution:**",
      code("", "def double(x):\n    return 2 * x"),
      "Tests:",
      code("", "assert double(2) == 4"),
    ].join("\n");
    expect(parseAnswer(text, CONTRACTS.agentSample, { language: "python" })).toEqual({
      ok: true,
      value: {
        instruction: "Double a number.",
        solution: "def double(x):\n    return 2 * x",
        tests: "assert double(2) == 4",
        language: "python",
      },
    });
  });

  it("reads prose then exactly two code blocks as instruction, solution, tests", () => {
    const text = [
      "Write a function that squares a number.",
      code("js", "const sq = (x) => x * x;"),
      "And the tests:",
      code("js", "console.assert(sq(3) === 9);"),
    ].join("\n");
    expect(parseAnswer(text, CONTRACTS.agentSample)).toEqual({
      ok: true,
      value: {
        instruction: "Write a function that squares a number.",
        solution: "const sq = (x) => x * x;",
        tests: "console.assert(sq(3) === 9);",
        language: "javascript",
      },
    });
    expect(parseAnswer(text + "\n" + code("js", "sq(2)"), CONTRACTS.agentSample).ok).toBe(false);
  });

  it("reads a response that is a single code block, and a solution with its explanation under headings", () => {
    expect(parseAnswer("Here you go:\n" + code("python", "print(1)"), CONTRACTS.response)).toEqual({
      ok: true,
      value: { solution: "print(1)" },
    });
    expect(parseAnswer("### Answer\n" + code("go", "func f() {}") + "\n### Explanation\nNothing to do.", CONTRACTS.response)).toEqual({
      ok: true,
      value: { solution: "func f() {}", explanation: "Nothing to do." },
    });
    expect(parseAnswer("## Problem\nRestated.\n" + code("go", "func f() {}"), CONTRACTS.response)).toEqual({
      ok: true,
      value: { solution: "func f() {}" },
    });
    expect(parseAnswer("Two ways:\n" + code("go", "func f() {}") + "\n" + code("go", "func g() {}"), CONTRACTS.response).ok).toBe(false);
  });

  it("reads tests that are a single code block, and an instruction under a heading", () => {
    expect(parseAnswer(code("", "assert f() == 1"), CONTRACTS.tests)).toEqual({ ok: true, value: { tests: "assert f() == 1" } });
    expect(parseAnswer("**Problem Statement**\n\nCount the vowels in a string.", CONTRACTS.instruction)).toEqual({
      ok: true,
      value: { instruction: "Count the vowels in a string." },
    });
  });

  it("refuses a JSON block as code, a sample missing a part, and an unknown fence language", () => {
    expect(parseAnswer(code("json", '{"solution": 5}'), CONTRACTS.response)).toMatchObject({
      ok: false,
      error: expect.stringContaining("solution is the number 5"),
    });
    expect(parseAnswer("## Problem\nAdd.\n## Solution\n" + code("python", "x = 1"), CONTRACTS.agentSample)).toMatchObject({
      ok: false,
      error: expect.stringContaining("tests is missing"),
    });
    const kotlin = "## Task\nAdd.\n## Code\n" + code("kotlin", "fun add() = 1") + "\n## Tests\n" + code("kotlin", "check(add() == 1)");
    expect(parseAnswer(kotlin, CONTRACTS.agentSample, { language: "java" })).toMatchObject({
      ok: false,
      error: expect.stringContaining('language is the string "kotlin"'),
    });
  });

  it("refuses code that no fence closed: the answer may have been cut off", () => {
    const cut =
      "## Problem\nAdd.\n## Solution\n" + code("python", "def add(a, b):\n    return a + b") + "\n## Tests\n```python\nassert add(1, 2) ==";
    expect(parseAnswer(cut, CONTRACTS.agentSample)).toEqual({
      ok: false,
      error: "the answer is cut off inside a code block (no closing ```).",
    });
    expect(parseAnswer("```python\ndef f():\n    return", CONTRACTS.response)).toMatchObject({
      ok: false,
      error: expect.stringContaining("cut off"),
    });
  });

  it("refuses prose with no shape at all", () => {
    expect(parseAnswer("I think the answer is to use a loop.", CONTRACTS.response)).toEqual({
      ok: false,
      error: "no JSON found in the answer.",
    });
    expect(parseAnswer("Count the vowels in a string.", CONTRACTS.instruction)).toEqual({
      ok: false,
      error: "no JSON found in the answer.",
    });
  });
});

describe("parseAnswer: sections in XML tags and bulleted labels", () => {
  it("reads <instruction>, <solution> and <tests> tags as headings, leaving tags inside code alone", () => {
    const text = [
      "<instruction>Escape HTML.</instruction>",
      "<solution>",
      code("python", "def esc(s):\n    return s.replace('<', '&lt;')  # </solution>"),
      "</solution>",
      "<tests>",
      code("python", "assert esc('<') == '&lt;'"),
      "</tests>",
    ].join("\n");
    expect(parseAnswer(text, CONTRACTS.agentSample)).toEqual({
      ok: true,
      value: {
        instruction: "Escape HTML.",
        solution: "def esc(s):\n    return s.replace('<', '&lt;')  # </solution>",
        tests: "assert esc('<') == '&lt;'",
        language: "python",
      },
    });
  });

  it("reads bulleted bold labels", () => {
    const text = [
      "- **Problem:** Negate x.",
      "- **Solution:**",
      code("ts", "const neg = (x: number) => -x;"),
      "- **Tests:**",
      code("ts", "console.assert(neg(1) === -1);"),
    ].join("\n");
    expect(parseAnswer(text, CONTRACTS.agentSample)).toMatchObject({
      ok: true,
      value: { instruction: "Negate x.", language: "typescript" },
    });
  });
});
