import { setImmediate as nextTurn } from "node:timers/promises";

/**
 * Long CPU work written once as a generator that yields between pieces, run two ways: at once
 * (`runSteps`: a CLI command, a test) or in slices that give the event loop back (`runStepsInSlices`:
 * a worker streaming model answers, whose sockets must not wait a second behind it).
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs `steps` for about `sliceMs` at a time, letting pending I/O run between slices. */
export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = 5): Promise<T> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() >= until) {
      await nextTurn();
      until = performance.now() + sliceMs;
    }
  }
}
