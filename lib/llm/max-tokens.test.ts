import { describe, expect, it } from "vitest";
import { answerLimit, DEFAULT_MAX_OUTPUT_TOKENS, retryLimit, ROLE_MAX_TOKENS } from "@/lib/llm/max-tokens";

describe("answer limits", () => {
  it("asks for the call's limit, else the endpoint's, else the role's", () => {
    expect(answerLimit({ maxTokens: null }, "scorer")).toBe(ROLE_MAX_TOKENS.scorer);
    expect(answerLimit({ maxTokens: 900 }, "scorer")).toBe(900);
    expect(answerLimit({ maxTokens: 900 }, "scorer", 50)).toBe(50);
  });

  it("retries a truncated answer with a larger limit, up to the endpoint's maximum, and not beyond", () => {
    expect(retryLimit({ maxOutputTokens: null }, 1000)).toBe(4000);
    expect(retryLimit({ maxOutputTokens: null }, 6144)).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(retryLimit({ maxOutputTokens: 1500 }, 1000)).toBe(1500);
    expect(retryLimit({ maxOutputTokens: 1000 }, 1000)).toBeUndefined();
    expect(retryLimit({ maxOutputTokens: null }, 20_000)).toBeUndefined();
  });
});
