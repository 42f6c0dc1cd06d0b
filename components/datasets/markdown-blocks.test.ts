import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown } from "@/components/datasets/markdown-blocks";

describe("parseMarkdown", () => {
  it("reads a card's front matter, headings, paragraphs, lists, tables and code", () => {
    const card = [
      "---",
      "pretty_name: demo",
      "tags:",
      "- code",
      "---",
      "# Demo v1",
      "",
      "A dataset made",
      "in two lines.",
      "",
      "- one",
      "- two",
      "| Language | Items |",
      "|---|---:|",
      "| python | 6 |",
      "```",
      "0-32 ████ 6",
      "```",
      "***",
      "## Next",
    ].join("\n");
    expect(parseMarkdown(card)).toEqual([
      { kind: "frontMatter", text: "pretty_name: demo\ntags:\n- code" },
      { kind: "heading", level: 1, text: "Demo v1" },
      { kind: "paragraph", text: "A dataset made in two lines." },
      { kind: "list", items: ["one", "two"] },
      { kind: "table", head: ["Language", "Items"], rows: [["python", "6"]] },
      { kind: "code", text: "0-32 ████ 6" },
      { kind: "rule" },
      { kind: "heading", level: 2, text: "Next" },
    ]);
  });

  it("keeps a rule that is not front matter, and an unclosed fence to the end", () => {
    expect(parseMarkdown("text\n---\n```\ncode")).toEqual([
      { kind: "paragraph", text: "text" },
      { kind: "rule" },
      { kind: "code", text: "code" },
    ]);
  });

  it("ends on any input, including lines that only look like blocks", () => {
    for (const source of ["#nospace", "|", "1.", "- ", "   ", "```", "---", "**", "* * *"])
      expect(Array.isArray(parseMarkdown(source))).toBe(true);
  });
});

describe("parseInline", () => {
  it("marks `code` and **bold**, and leaves HTML as text", () => {
    expect(parseInline("run `rosetta export` **now** <b>x</b>")).toEqual([
      { kind: "text", text: "run " },
      { kind: "code", text: "rosetta export" },
      { kind: "text", text: " " },
      { kind: "bold", text: "now" },
      { kind: "text", text: " <b>x</b>" },
    ]);
  });
});
