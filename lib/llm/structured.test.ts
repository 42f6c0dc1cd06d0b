import { z } from "zod";
import { describe, expect, it } from "vitest";
import { ScorerOutput } from "@/lib/llm/contracts";
import { extractJson, parseStructured } from "@/lib/llm/structured";

const Shape = z.object({ tests: z.string() });

describe("parseStructured", () => {
  it("reads bare JSON, fenced JSON and JSON inside prose", () => {
    expect(parseStructured('{"tests": "assert f()"}', Shape)).toEqual({ ok: true, value: { tests: "assert f()" } });
    expect(parseStructured('```json\n{"tests": "a"}\n```', Shape)).toEqual({ ok: true, value: { tests: "a" } });
    expect(parseStructured('Here you go:\n{"tests": "b"}\nHope it helps.', Shape)).toEqual({ ok: true, value: { tests: "b" } });
  });

  it("says what is wrong, for the repair round", () => {
    expect(parseStructured('{"tests": "a"', Shape)).toMatchObject({ ok: false, error: expect.stringContaining("does not parse") });
    expect(parseStructured('{"test": "a"}', Shape)).toMatchObject({ ok: false, error: expect.stringContaining("tests") });
    expect(parseStructured("no json at all", Shape)).toEqual({ ok: false, error: "no JSON found in the answer." });
  });

  it("accepts the paper's scorer list with string scores and N/A", () => {
    const aspects = ["consistency", "relevance", "difficulty", "code_exists", "code_correctness", "clarity", "comments", "easy_to_learn", "total"];
    const text = JSON.stringify(aspects.map((expert, i) => ({ expert, score: i === 6 ? "N/A" : "4.0", reason: "ok" })));
    const parsed = parseStructured(text, ScorerOutput);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value[6]!.score).toBeNull();
    expect(parseStructured(JSON.stringify([{ expert: "consistency", score: 9, reason: "x" }]), ScorerOutput).ok).toBe(false);
  });

  it("prefers a fenced block to braces in the surrounding prose", () => {
    expect(extractJson('Use {braces} wisely.\n```json\n{"a": 1}\n```')).toBe('{"a": 1}');
  });
});
