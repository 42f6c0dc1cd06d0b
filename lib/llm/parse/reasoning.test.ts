import { describe, expect, it } from "vitest";
import { splitReasoning } from "@/lib/llm/parse/reasoning";

describe("splitReasoning", () => {
  it("keeps an answer without reasoning exactly as it is", () => {
    expect(splitReasoning('  {"a": 1}\n')).toEqual({ answer: '  {"a": 1}\n', reasoning: null });
  });

  it("takes <think> and <thinking> blocks, in any case and after whitespace, as reasoning", () => {
    expect(splitReasoning('\n <THINK>plan {"x": 1}</think>\n{"a": 1}')).toEqual({ answer: '{"a": 1}', reasoning: 'plan {"x": 1}' });
    expect(splitReasoning("<thinking>\nfirst\n</thinking>answer")).toEqual({ answer: "answer", reasoning: "first" });
  });

  it("takes consecutive blocks, and drops an empty one without calling it reasoning", () => {
    expect(splitReasoning("<think>a</think><think>b</think>x")).toEqual({ answer: "x", reasoning: "a\n\nb" });
    expect(splitReasoning("<think>\n\n</think>\n\nx")).toEqual({ answer: "x", reasoning: null });
  });

  it("takes everything after an unclosed block as reasoning, leaving no answer", () => {
    expect(splitReasoning('<think>I will answer {"a": 1} ```json\n{"a": 1}\n```')).toEqual({
      answer: "",
      reasoning: 'I will answer {"a": 1} ```json\n{"a": 1}\n```',
    });
  });

  it("takes everything before a lone closing tag as reasoning (the opening tag was in the prompt)", () => {
    expect(splitReasoning('Let me see: {"draft": true}\n</think>\n\n{"a": 1}')).toEqual({
      answer: '{"a": 1}',
      reasoning: 'Let me see: {"draft": true}',
    });
  });

  it("leaves a closing tag inside a JSON string in the answer", () => {
    const answer = '{"solution": "s.replace(\\"</think>\\", \\"\\")", "note": "</think>"}';
    expect(splitReasoning(answer)).toEqual({ answer, reasoning: null });
  });

  it("reads Magistral's [THINK] and gpt-oss's harmony final channel", () => {
    expect(splitReasoning("[THINK]hmm[/THINK]{}")).toEqual({ answer: "{}", reasoning: "hmm" });
    expect(
      splitReasoning('<|channel|>analysis<|message|>hmm<|end|><|start|>assistant<|channel|>final<|message|>{"a": 1}<|return|>'),
    ).toMatchObject({ answer: '{"a": 1}' });
  });
});
