import { describe, expect, it } from "vitest";
import { applyDelta, applyTurn, dropUnfinished, type TurnText } from "@/lib/live/turn-text";

describe("a client's streamed text", () => {
  it("appends pieces in order and drops what it already has, whole or in part", () => {
    const state: TurnText = new Map();
    expect(applyDelta(state, 2, 1, 0, "Hello")).toBe(true);
    expect(applyDelta(state, 2, 1, 0, "Hello")).toBe(false); // a repeat
    expect(applyDelta(state, 2, 1, 3, "lo, wor")).toBe(true); // a catch-up that overlaps
    expect(state.get(2)).toEqual({ text: "Hello, wor", final: false, attempt: 1 });
    expect(applyDelta(state, 2, 1, 12, "!")).toBe(false); // a gap waits
    expect(state.get(2)!.text).toBe("Hello, wor");
  });

  it("replaces an attempt's text with a later attempt's, and ignores an earlier one's", () => {
    const state: TurnText = new Map();
    applyDelta(state, 3, 1, 0, "partial ans");
    expect(applyDelta(state, 3, 2, 0, "whole")).toBe(true);
    expect(state.get(3)).toEqual({ text: "whole", final: false, attempt: 2 });
    expect(applyDelta(state, 3, 1, 11, "wer")).toBe(false);
    // A later attempt whose start was missed clears the earlier text rather than show it.
    expect(applyDelta(state, 3, 3, 4, "tail")).toBe(true);
    expect(state.get(3)).toEqual({ text: "", final: false, attempt: 3 });
  });

  it("keeps the stored turn over any piece, and forgets unfinished turns when the discussion is over", () => {
    const state: TurnText = new Map();
    applyDelta(state, 4, 1, 0, "abc");
    applyTurn(state, 4, "abcdef");
    expect(applyDelta(state, 4, 2, 0, "x")).toBe(false);
    expect(state.get(4)).toMatchObject({ text: "abcdef", final: true });
    applyDelta(state, 5, 1, 0, "never stored");
    dropUnfinished(state);
    expect([...state.keys()]).toEqual([4]);
  });
});
