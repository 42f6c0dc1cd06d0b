import { describe, expect, it } from "vitest";
import { ModelSlots } from "@/lib/llm/model-slots";

/** Whether the promise has settled after the microtasks and timers already queued have run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
}

describe("ModelSlots", () => {
  it("lets no more jobs than its slots call at once; a job waits until one gives its slot back", async () => {
    const slots = new ModelSlots(1);
    let leaveA!: () => void;
    let enteredB!: Promise<() => void>;
    const a = slots.runJob(async () => {
      leaveA = await slots.enter();
    });
    await a;
    const b = slots.runJob(async () => {
      enteredB = slots.enter();
      await enteredB;
    });
    expect(await settled(b)).toBe(false);
    leaveA();
    expect(await settled(b)).toBe(true);
    (await enteredB)();
  });

  it("gives a job's calls in flight together one slot, and the slot back when the last ends", async () => {
    const slots = new ModelSlots(1);
    const leaves: (() => void)[] = [];
    await slots.runJob(async () => {
      leaves.push(...(await Promise.all([slots.enter(), slots.enter(), slots.enter()])));
    });
    const other = slots.runJob(async () => (await slots.enter())());
    leaves[0]!();
    leaves[1]!();
    leaves[1]!(); // idempotent
    expect(await settled(other)).toBe(false);
    leaves[2]!();
    expect(await settled(other)).toBe(true);
  });

  it("does not count calls outside a job, and a wait given up takes nothing", async () => {
    const slots = new ModelSlots(1);
    const outside = await Promise.all([slots.enter(), slots.enter()]);
    expect(outside).toHaveLength(2);
    let leaveA!: () => void;
    await slots.runJob(async () => {
      leaveA = await slots.enter();
    });
    const controller = new AbortController();
    const given = slots.runJob(() => slots.enter(controller.signal));
    controller.abort(new Error("stopped"));
    await expect(given).rejects.toThrow("stopped");
    leaveA();
    const next = slots.runJob(async () => (await slots.enter())());
    expect(await settled(next)).toBe(true);
  });
});
