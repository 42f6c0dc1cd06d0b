import { describe, expect, it } from "vitest";
import { findFencedBlocks, unfence } from "@/lib/llm/parse/fences";

const contents = (text: string) => findFencedBlocks(text).map((b) => [b.label, b.content]);

describe("findFencedBlocks", () => {
  it("reads labelled and unlabelled blocks, backticks and tildes", () => {
    expect(contents("a\n```json\n{}\n```\nb\n~~~ Python {.x}\nprint(1)\n~~~\n```\nplain\n```")).toEqual([
      ["json", "{}"],
      ["python", "print(1)"],
      ["", "plain"],
    ]);
  });

  it("does not end a block at a ``` inside a JSON string, which is mid-line", () => {
    const json = JSON.stringify({ solution: "```python\nprint(1)\n```" });
    expect(contents("```json\n" + json + "\n```")).toEqual([["json", json]]);
  });

  it("ends a block only at a fence at least as long as the opening one", () => {
    expect(contents("````markdown\n```python\nx\n```\n````")).toEqual([["markdown", "```python\nx\n```"]]);
  });

  it("reads a one-line block, a value begun on the fence line, and a closing fence glued to the last line", () => {
    expect(contents('```json {"a": 1}```')).toEqual([["json", '{"a": 1}']]);
    expect(contents('```json {\n"a": 1}\n```')).toEqual([["json", '{\n"a": 1}']]);
    expect(contents('```json\n{"a": 1}```\nmore')).toEqual([["json", '{"a": 1}']]);
  });

  it("takes inline code for inline code, and lets an unclosed block run to the end", () => {
    expect(contents("use ```x``` here")).toEqual([]);
    expect(contents("```js\nlet a;\nlet b;")).toEqual([["js", "let a;\nlet b;"]]);
    expect(findFencedBlocks("```js\nlet a;\n```\n```js\nlet b;").map((b) => b.closed)).toEqual([true, false]);
  });

  it("reads a block indented inside a list, dedented", () => {
    expect(contents("1. Code:\n   ```go\n   func f() {}\n   ```")).toEqual([["go", "func f() {}"]]);
  });
});

describe("unfence", () => {
  it("gives the code of a value that is one fenced block, and nothing for anything else", () => {
    expect(unfence("```python\nprint(1)\n```\n")).toBe("print(1)");
    expect(unfence("print(1)")).toBeUndefined();
    expect(unfence("```a\nx\n```\nthen prose")).toBeUndefined();
  });
});
