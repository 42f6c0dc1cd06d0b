import { describe, expect, it } from "vitest";
import { runSteps, runStepsInSlices, type Steps } from "@/lib/steps";

/** ~60 ms of CPU in 1 ms pieces, counting how often an immediate scheduled meanwhile ran. */
function* busy(ticks: { n: number }): Steps<number> {
  let seen = 0;
  for (let piece = 0; piece < 60; piece++) {
    const until = performance.now() + 1;
    while (performance.now() < until);
    seen = ticks.n;
    yield;
  }
  return seen;
}

function ticking(): { n: number; stop: () => void } {
  const ticks = { n: 0, stop: () => clearInterval(timer) };
  const timer = setInterval(() => (ticks.n += 1), 1);
  return ticks;
}

describe("steps", () => {
  it("run at once, nothing else runs until they end", () => {
    const ticks = ticking();
    try {
      expect(runSteps(busy(ticks))).toBe(0);
    } finally {
      ticks.stop();
    }
  });

  it("run in slices, the event loop runs between them", async () => {
    const ticks = ticking();
    try {
      // Timers ran during the work, several times (slices of 5 ms over ~60 ms).
      expect(await runStepsInSlices(busy(ticks))).toBeGreaterThan(3);
    } finally {
      ticks.stop();
    }
  });
});
