import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { Semaphore } from "@/lib/llm/limiter";

interface JobState {
  inFlight: number;
  slot?: Promise<() => void>;
}

/**
 * How many of a worker's jobs talk to a model at once. A worker takes a few more jobs than that
 * (lib/jobs/worker.ts), so that one job's work between and after its calls (the checks before the
 * first call, the transaction that stores an answer) overlaps another job's call instead of leaving
 * a call slot idle: at a worker concurrency J the model sees J jobs' calls, all the time.
 *
 * A job holds one slot while any of its calls is in flight (a DPO query's samples, a solve check's
 * answers share it) and gives it back between calls; a call outside a job (the studio's connection
 * test) is not counted.
 */
export class ModelSlots {
  private readonly jobs = new AsyncLocalStorage<JobState>();
  private readonly semaphore: Semaphore;

  constructor(capacity: number) {
    this.semaphore = new Semaphore(() => capacity);
  }

  /** Runs one job: its calls share one slot. */
  runJob<T>(job: () => Promise<T>): Promise<T> {
    return this.jobs.run({ inFlight: 0 }, job);
  }

  /** Waits for the calling job's slot; the function returned gives it back (idempotent). */
  async enter(signal?: AbortSignal): Promise<() => void> {
    const job = this.jobs.getStore();
    if (!job) return () => undefined;
    job.inFlight += 1;
    job.slot ??= this.semaphore.acquire(signal);
    const slot = job.slot;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      job.inFlight -= 1;
      if (job.inFlight > 0) return;
      job.slot = undefined;
      void slot.then(
        (release) => release(),
        () => undefined, // aborted while waiting: nothing was taken
      );
    };
    try {
      await slot;
    } catch (error) {
      leave();
      throw error;
    }
    return leave;
  }
}
