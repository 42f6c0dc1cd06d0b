import { describe, expect, it } from "vitest";
import { EndpointQuirks, lessonFrom } from "@/lib/llm/endpoint-quirks";

describe("lessonFrom: what a refusal says about the request", () => {
  it("reads OpenAI's reasoning-model refusals", () => {
    expect(
      lessonFrom("400 Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", {
        contextTooLong: false,
      }),
    ).toEqual({
      kind: "param",
      change: "max_completion_tokens",
    });
    expect(
      lessonFrom("400 Unsupported value: 'temperature' does not support 0.8 with this model. Only the default (1) value is supported.", {
        contextTooLong: false,
      }),
    ).toEqual({
      kind: "param",
      change: "temperature",
    });
  });

  it("reads a server that does not know stream_options or seed", () => {
    expect(lessonFrom("400 extra fields not permitted: stream_options", { contextTooLong: false })).toEqual({
      kind: "param",
      change: "stream_options",
    });
    expect(lessonFrom("Unrecognized request argument supplied: seed", { contextTooLong: false })).toEqual({
      kind: "param",
      change: "seed",
    });
  });

  it("sends a refused response_format to the structured call, and reads vLLM's context arithmetic", () => {
    expect(lessonFrom("response_format is not supported by this server", { contextTooLong: false })).toEqual({ kind: "response_format" });
    expect(
      lessonFrom(
        "This model's maximum context length is 4096 tokens. However, you requested 6500 tokens (356 in the messages, 6144 in the completion).",
        { contextTooLong: true },
      ),
    ).toEqual({ kind: "context", contextLength: 4096, promptTokens: 356 });
    expect(
      lessonFrom(
        "'max_tokens' or 'max_completion_tokens' is too large: 6144. This model's maximum context length is 4096 tokens and your request has 120 input tokens",
        { contextTooLong: true },
      ),
    ).toEqual({ kind: "context", contextLength: 4096, promptTokens: 120 });
  });

  it("learns nothing from a refusal it cannot fix", () => {
    expect(lessonFrom("400 The model `gpt-9` does not exist", { contextTooLong: false })).toBeUndefined();
    expect(lessonFrom("400 invalid messages: content must be a string", { contextTooLong: false })).toBeUndefined();
  });
});

describe("EndpointQuirks", () => {
  it("applies a lesson once per endpoint: a second refusal of the same kind has another cause", () => {
    const quirks = new EndpointQuirks();
    expect(quirks.learnParam("a", "max_completion_tokens")).toBe(true);
    expect(quirks.learnParam("a", "max_completion_tokens")).toBe(false);
    expect(quirks.learnParam("a", "seed")).toBe(true);
    expect(quirks.of("a")).toMatchObject({ tokensParam: "max_completion_tokens", omit: new Set(["seed"]) });
    expect(quirks.of("b")).toMatchObject({ tokensParam: "max_tokens", omit: new Set() });
  });
});
