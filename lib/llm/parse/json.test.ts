import { describe, expect, it } from "vitest";
import { extractJson, findJsonCandidates } from "@/lib/llm/parse/candidates";
import { readJson } from "@/lib/llm/parse/json";
import { findBalancedSpans } from "@/lib/llm/parse/scan";

describe("readJson", () => {
  it("repairs near-JSON whose brackets balance", () => {
    expect(readJson('{"a": 1, "b": [1, 2,],}')).toEqual({ ok: true, value: { a: 1, b: [1, 2] } });
    expect(readJson("{'a': 'x', b: True, c: None, d: False}")).toEqual({ ok: true, value: { a: "x", b: true, c: null, d: false } });
    expect(readJson('{\n  // the code\n  "a": 1 /* done */\n}')).toEqual({ ok: true, value: { a: 1 } });
    expect(readJson('{"a": 1\n "b": 2}')).toEqual({ ok: true, value: { a: 1, b: 2 } });
    expect(readJson('{"solution": "def f():\n    return 1"}')).toEqual({ ok: true, value: { solution: "def f():\n    return 1" } });
  });

  it("reads code whose double quotes were left unescaped, where only one reading is JSON", () => {
    expect(readJson('{"solution": "print("hi")\nprint(1)", "tests": "assert True"}')).toEqual({
      ok: true,
      value: { solution: 'print("hi")\nprint(1)', tests: "assert True" },
    });
    expect(readJson('{"solution": "print("a", "b")"}')).toMatchObject({ ok: false });
  });

  it("refuses to close a cut-off answer, which jsonrepair alone would", () => {
    expect(readJson('{"solution": "def f():\\n    retu')).toEqual({ ok: false, error: expect.stringContaining("cut off inside a string") });
    expect(readJson('{"solution": "x", "tests": ["a"')).toEqual({ ok: false, error: expect.stringContaining("cut off") });
  });

  it("refuses mismatched brackets and text after the value", () => {
    expect(readJson('{"a": [1, 2}')).toMatchObject({ ok: false, error: expect.stringContaining("do not match") });
    expect(readJson('{"a": 1}\n{"b": 2}')).toMatchObject({ ok: false, error: expect.stringContaining("after the JSON") });
  });
});

describe("findBalancedSpans", () => {
  it("ignores brackets inside strings, single-quoted strings and comments", () => {
    expect(findBalancedSpans('x {"a": "}]{"} y [\'{\', 1] z').spans).toEqual(['{"a": "}]{"}', "['{', 1]"]);
    expect(findBalancedSpans('{"a": 1 // }\n}').spans).toEqual(['{"a": 1 // }\n}']);
  });

  it("passes over a bracket that never closes, so the JSON after it is still found", () => {
    expect(findBalancedSpans('for i in [0, n) do {"a": 1}')).toEqual({ spans: ['{"a": 1}'], cutOff: false });
    expect(findBalancedSpans('Here: {"solution": "x').cutOff).toBe(true);
  });
});

describe("findJsonCandidates", () => {
  it("orders the whole answer, json fences, other fences, then spans in the prose", () => {
    const answer = 'See {"aside": 1}.\n```\n{"other": 1}\n```\n```json\n{"json": 1}\n```';
    expect(findJsonCandidates(answer).candidates).toEqual(['{"json": 1}', '{"other": 1}', '{"aside": 1}']);
  });

  it("gives the bench the first JSON of an answer as JSON text", () => {
    expect(extractJson("Sure! {'instruction': 'x',}")).toBe('{"instruction":"x"}');
    expect(extractJson("no json")).toBeUndefined();
  });
});
