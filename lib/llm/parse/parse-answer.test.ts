import { describe, expect, it } from "vitest";
import { ASPECTS } from "@/lib/llm/contracts";
import { CONTRACTS, parseAnswer } from "@/lib/llm/parse";

const sample = {
  instruction: "Reverse a string.",
  solution: "def rev(s):\n    return s[::-1]",
  tests: "assert rev('ab') == 'ba'",
  language: "python",
};
const sampleJson = JSON.stringify(sample);
const scoreList = ASPECTS.map((expert) => ({ expert, score: 4, reason: `${expert} is fine` }));

describe("parseAnswer: where the JSON is", () => {
  it("skips a think block holding braces, a code block and a JSON sketch before the fenced JSON", () => {
    const text = `<think>\nMaybe {"instruction": "draft"} or:\n\`\`\`json\n{"instruction": "sketch", "solution": "x", "tests": "y", "language": "go"}\n\`\`\`\nfor (;;) { }\n</think>\n\`\`\`json\n${sampleJson}\n\`\`\``;
    expect(parseAnswer(text, CONTRACTS.agentSample)).toEqual({ ok: true, value: sample });
  });

  it("refuses an answer whose think block was never closed, whatever it holds", () => {
    expect(parseAnswer(`<think>I could answer ${sampleJson}`, CONTRACTS.agentSample)).toEqual({ ok: false, error: "the answer is empty." });
  });

  it("reads the answer after a lone </think>, not the sketch before it", () => {
    const text = `{"instruction": "sketch", "solution": "x", "tests": "y", "language": "go"}\n</think>\n${sampleJson}`;
    expect(parseAnswer(text, CONTRACTS.agentSample)).toEqual({ ok: true, value: sample });
  });

  it("keeps a ``` inside a JSON string from ending the fenced block", () => {
    const withFence = { ...sample, instruction: "Reverse a string, as in:\n```python\nrev('ab')\n```" };
    expect(parseAnswer("```json\n" + JSON.stringify(withFence) + "\n```", CONTRACTS.agentSample)).toEqual({ ok: true, value: withFence });
  });

  it("reads prose around JSON, a one-line fence, and the first of several JSON values that fits", () => {
    expect(parseAnswer(`Here is the sample:\n${sampleJson}\nHope it helps!`, CONTRACTS.agentSample)).toEqual({ ok: true, value: sample });
    expect(parseAnswer('```json {"tests": "assert f()"}```', CONTRACTS.tests)).toEqual({ ok: true, value: { tests: "assert f()" } });
    expect(parseAnswer('Input like {"n": 3} gives 6.\n{"instruction": "Sum 1..n."}', CONTRACTS.instruction)).toEqual({
      ok: true,
      value: { instruction: "Sum 1..n." },
    });
  });

  it("repairs trailing commas, single quotes and Python constants", () => {
    expect(parseAnswer("{'critique': 'Fine.', 'issues': ['no docs',],}", CONTRACTS.critique)).toEqual({
      ok: true,
      value: { critique: "Fine.", issues: ["no docs"] },
    });
    expect(
      parseAnswer(
        '{"scores": [' + scoreList.map((s) => `{"expert": "${s.expert}", "score": None, "reason": "n/a",}`).join(",") + "]}",
        CONTRACTS.scores,
      ),
    ).toMatchObject({ ok: true });
  });
});

describe("parseAnswer: what is normalised", () => {
  it("reads aliases, language names and tests as a list of lines", () => {
    const text = JSON.stringify({
      Problem: "Add.",
      Code: "int add(int a, int b) { return a + b; }",
      test_cases: ["assert(add(1, 2) == 3);", "assert(add(0, 0) == 0);"],
      Language: "C++",
    });
    expect(parseAnswer(text, CONTRACTS.agentSample)).toEqual({
      ok: true,
      value: {
        instruction: "Add.",
        solution: "int add(int a, int b) { return a + b; }",
        tests: "assert(add(1, 2) == 3);\nassert(add(0, 0) == 0);",
        language: "cpp",
      },
    });
  });

  it('gives a sample without a language the language asked for, and unwraps {"sample": {…}}', () => {
    const { language: _, ...noLanguage } = sample;
    expect(parseAnswer(JSON.stringify({ sample: noLanguage }), CONTRACTS.agentSample, { language: "python" })).toEqual({
      ok: true,
      value: sample,
    });
  });

  it("takes the code out of a solution that is a fenced block", () => {
    expect(parseAnswer(JSON.stringify({ solution: "```python\nprint(1)\n```" }), CONTRACTS.response)).toEqual({
      ok: true,
      value: { solution: "print(1)" },
    });
  });

  it('reads the scorer\'s list wrapped in {scores}, with scores as "4/5" and aspects as "Code Correctness"', () => {
    const written = scoreList.map((s) => ({
      Expert: s.expert.replace(/_/g, " ").replace(/\b\w/g, (c) => c.toUpperCase()),
      Score: "4/5",
      Reasoning: s.reason,
    }));
    expect(parseAnswer(JSON.stringify({ scores: written.reverse() }), CONTRACTS.scores)).toEqual({ ok: true, value: scoreList });
  });

  it("reads a scorer object keyed by aspect, with or without reasons", () => {
    const keyed = Object.fromEntries(ASPECTS.map((aspect) => [aspect, aspect === "comments" ? "N/A" : { score: 8, out_of: 10 }]));
    const parsed = parseAnswer(JSON.stringify({ evaluation: keyed }), CONTRACTS.scores);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok)
      expect(parsed.value.find((s) => s.expert === "comments")).toEqual({ expert: "comments", score: null, reason: "(no reason given)" });
    expect(
      parseAnswer(JSON.stringify(Object.fromEntries(ASPECTS.map((a) => [a, { rating: "4", why: "ok" }]))), CONTRACTS.scores),
    ).toMatchObject({ ok: true });
  });

  it("reads scorer entries that name their aspect by key", () => {
    const entries = ASPECTS.map((aspect) => ({ [aspect]: 4, reason: `${aspect} is fine` }));
    expect(parseAnswer(JSON.stringify(entries), CONTRACTS.scores)).toEqual({ ok: true, value: scoreList });
  });

  it("merges a map of scores and a map of reasons, both keyed by aspect", () => {
    const text = JSON.stringify({
      ratings: Object.fromEntries(ASPECTS.map((a) => [a, "4"])),
      reasons: Object.fromEntries(ASPECTS.map((a) => [a, `${a} is fine`])),
    });
    expect(parseAnswer(text, CONTRACTS.scores)).toEqual({ ok: true, value: scoreList });
  });

  it("reads an answer that is JSON encoded twice", () => {
    expect(parseAnswer(JSON.stringify(JSON.stringify({ instruction: "Sum." })), CONTRACTS.instruction)).toEqual({
      ok: true,
      value: { instruction: "Sum." },
    });
  });

  it("makes a critique's single issue a list, and no issues an empty one", () => {
    expect(parseAnswer('{"feedback": "Good.", "issues": "naming"}', CONTRACTS.critique)).toEqual({
      ok: true,
      value: { critique: "Good.", issues: ["naming"] },
    });
    expect(parseAnswer('{"critique": "Good."}', CONTRACTS.critique)).toEqual({ ok: true, value: { critique: "Good.", issues: [] } });
  });
});

describe("parseAnswer: what is still refused", () => {
  it("refuses a scorer or critic that wrote no JSON", () => {
    const prose = "Consistency: 4/5. Relevance: 5/5. Overall a good sample.";
    expect(parseAnswer(prose, CONTRACTS.scores)).toEqual({ ok: false, error: "no JSON found in the answer." });
    expect(parseAnswer("## Critique\nThe tests are thin.", CONTRACTS.critique)).toEqual({
      ok: false,
      error: "no JSON found in the answer.",
    });
  });

  it("refuses wrong types, naming the field and what was expected", () => {
    expect(parseAnswer('{"solution": 42}', CONTRACTS.response)).toEqual({
      ok: false,
      error: "the answer does not fit the expected shape: solution is the number 42; expected the code, as a non-empty string.",
    });
    expect(parseAnswer('{"solution": {"code": "x"}}', CONTRACTS.response)).toMatchObject({
      ok: false,
      error: expect.stringContaining("solution is an object"),
    });
    expect(parseAnswer('{"critique": "ok", "issues": {"a": "b"}}', CONTRACTS.critique)).toMatchObject({
      ok: false,
      error: expect.stringContaining("issues is an object; expected a list of strings"),
    });
  });

  it("names what is under the scorer's key when it is not a list, once", () => {
    expect(parseAnswer('{"scores": "great"}', CONTRACTS.scores)).toEqual({
      ok: false,
      error: 'the answer does not fit the expected shape: scores is the string "great"; expected a list.',
    });
  });

  it("refuses empty required fields", () => {
    expect(parseAnswer('{"instruction": "  "}', CONTRACTS.instruction)).toMatchObject({
      ok: false,
      error: expect.stringContaining("instruction is empty"),
    });
  });

  it("refuses JSON cut off mid-string, which jsonrepair would otherwise close", () => {
    const cut = sampleJson.slice(0, sampleJson.indexOf("return") + 3);
    expect(parseAnswer(cut, CONTRACTS.agentSample)).toMatchObject({ ok: false, error: expect.stringContaining("cut off") });
    expect(parseAnswer("```json\n" + cut, CONTRACTS.agentSample)).toMatchObject({ ok: false, error: expect.stringContaining("cut off") });
    expect(parseAnswer("Here it is: " + cut, CONTRACTS.agentSample)).toMatchObject({
      ok: false,
      error: expect.stringContaining("cut off"),
    });
  });

  it("refuses a language it does not know", () => {
    expect(parseAnswer(JSON.stringify({ ...sample, language: "Kotlin" }), CONTRACTS.agentSample, { language: "python" })).toMatchObject({
      ok: false,
      error: expect.stringContaining('language is the string "Kotlin"; expected one of python, javascript'),
    });
  });

  it("refuses a sample with no language when none was asked for, listing the languages", () => {
    const { language: _, ...noLanguage } = sample;
    expect(parseAnswer(JSON.stringify(noLanguage), CONTRACTS.agentSample)).toMatchObject({
      ok: false,
      error: expect.stringContaining("language is missing; expected one of python, javascript, typescript"),
    });
  });

  it("refuses scores out of range, and a scorer that misses or repeats aspects", () => {
    const outOfRange = scoreList.map((s, i) => (i === 2 ? { ...s, score: "9/5" } : s));
    expect(parseAnswer(JSON.stringify(outOfRange), CONTRACTS.scores)).toMatchObject({
      ok: false,
      error: expect.stringContaining("scores[2].score (difficulty) is the number 9, out of range; expected a number from 1 to 5"),
    });
    expect(parseAnswer(JSON.stringify(scoreList.slice(0, 7)), CONTRACTS.scores)).toMatchObject({
      ok: false,
      error: expect.stringContaining("aspects missing: easy_to_learn, total"),
    });
    const repeated = [...scoreList.slice(0, 8), scoreList[0]!];
    expect(parseAnswer(JSON.stringify(repeated), CONTRACTS.scores)).toMatchObject({
      ok: false,
      error: expect.stringContaining("scored more than once: consistency"),
    });
  });
});

describe("answers in plain prose", () => {
  it("takes a critique in prose, its bullet points as the issues", () => {
    const text = "The statement never says what an empty list returns.\n\n- No test for the empty list\n- The name `f` says nothing";
    expect(parseAnswer(text, CONTRACTS.critique)).toEqual({
      ok: true,
      value: { critique: text, issues: ["No test for the empty list", "The name `f` says nothing"] },
    });
  });

  it("still refuses prose for the scorer and the instruction, a refusal, and JSON-looking or too-short prose", () => {
    expect(parseAnswer("All aspects look good to me, four out of five overall.", CONTRACTS.scores).ok).toBe(false);
    expect(parseAnswer("Count the vowels in a string, ignoring case.", CONTRACTS.instruction).ok).toBe(false);
    expect(parseAnswer("I am sorry, I cannot answer in that format. Here is some prose instead.", CONTRACTS.critique).ok).toBe(false);
    expect(parseAnswer("OK, fine.", CONTRACTS.critique).ok).toBe(false);
    expect(parseAnswer('{"instruction": ', CONTRACTS.instruction).ok).toBe(false);
  });

  it("reads the scorer's scale words as the prompt defines them", () => {
    const aspects = [
      "consistency",
      "relevance",
      "difficulty",
      "code_exists",
      "code_correctness",
      "clarity",
      "comments",
      "easy_to_learn",
      "total",
    ];
    const words = ["good", "very good", "neutral", "Good.", "bad", "very bad", "N/A", "Score: good", "excellent"];
    const parsed = parseAnswer(JSON.stringify(aspects.map((expert, i) => ({ expert, score: words[i], reason: "r" }))), CONTRACTS.scores);
    expect(parsed.ok && parsed.value.map((s) => s.score)).toEqual([4, 5, 3, 4, 2, 1, null, 4, 5]);
  });
});
