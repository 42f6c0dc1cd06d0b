import { describe, expect, it } from "vitest";
import { splitStreamingThought, structureTurn } from "@/components/discussion/turn-structure";

describe("structureTurn", () => {
  it("reads a fenced proposal into its fields, code as code", () => {
    const text =
      '```json\n{"instruction":"Reverse a string.","solution":"def rev(s):\\n    return s[::-1]","tests":"assert rev(\\"ab\\") == \\"ba\\"","language":"python"}\n```';
    expect(structureTurn(text)).toEqual({
      kind: "fields",
      fields: [
        { key: "instruction", kind: "text", value: "Reverse a string." },
        { key: "solution", kind: "code", value: "def rev(s):\n    return s[::-1]" },
        { key: "tests", kind: "code", value: 'assert rev("ab") == "ba"' },
        { key: "language", kind: "text", value: "python" },
      ],
    });
  });

  it("reads a critique's list of issues, and the scorer's aspects as a table", () => {
    expect(structureTurn('{"critique":"Terse names.","issues":["rename x","add a docstring"]}')).toEqual({
      kind: "fields",
      fields: [
        { key: "critique", kind: "text", value: "Terse names." },
        { key: "issues", kind: "list", value: ["rename x", "add a docstring"] },
      ],
    });
    expect(structureTurn('[{"expert":"clarity","score":4,"reason":"Readable."},{"expert":"total","score":5}]')).toEqual({
      kind: "scores",
      rows: [
        { aspect: "clarity", score: 4, reason: "Readable." },
        { aspect: "total", score: 5, reason: "" },
      ],
    });
  });

  it("leaves what is not a JSON answer as it is", () => {
    expect(structureTurn("pass: all tests passed (0.0 s, Python 3.11.2)")).toBeNull();
    expect(structureTurn('{"instruction": "cut off mid-str')).toBeNull();
    expect(structureTurn("[1, 2, 3]")).toBeNull();
    expect(structureTurn("{}")).toBeNull();
  });
});

describe("splitStreamingThought", () => {
  it("keeps inline thoughts apart from the answer while it streams, closed or not yet", () => {
    expect(splitStreamingThought('<think>\nweigh it\n</think>\n\n{"a":1}')).toEqual({ reasoning: "weigh it", answer: '{"a":1}' });
    expect(splitStreamingThought("  <think>still weighing")).toEqual({ reasoning: "still weighing", answer: "" });
    expect(splitStreamingThought('{"a":"<think>"}')).toEqual({ reasoning: null, answer: '{"a":"<think>"}' });
  });
});
