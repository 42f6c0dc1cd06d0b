import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { describeExit } from "@/lib/processes";

export interface ExitInfo {
  pid: number;
  /** describeExit's words. */
  reason: string;
  /** When the next start is due (ms since epoch); undefined when the supervisor is stopping. */
  restartAt?: number;
}

export interface SupervisorOptions {
  /** Shown in every log line: "the worker", "the web server". */
  name: string;
  start: () => ChildProcess;
  log: (line: string) => void;
  /** Told of each unexpected exit before the restart (e.g. to hand the child's jobs back at once). */
  onExit?: (exit: ExitInfo) => Promise<void> | void;
  /** At most this many restarts in any 60 s; more wait for the window to free up. */
  maxRestartsPerMinute?: number;
  /** Backoff of consecutive restarts: doubles from here, capped at maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long is healthy again: the backoff starts over. */
  stableAfterMs?: number;
}

const STOP_TIMEOUT_MS = 30_000;

/**
 * Keeps one child process running: when it dies (a crash, an OOM kill, `kill -9`) it is started
 * again after a backoff, at most `maxRestartsPerMinute` times a minute, and every restart is
 * logged. `stop()` ends it for good (SIGTERM, then SIGKILL after 30 s).
 */
export class Supervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private wakeRestart: (() => void) | undefined;
  private restarts: number[] = [];
  private consecutive = 0;
  private startedAt = 0;
  private readonly options: Required<Omit<SupervisorOptions, "onExit">> & Pick<SupervisorOptions, "onExit">;

  constructor(options: SupervisorOptions) {
    this.options = { maxRestartsPerMinute: 5, firstDelayMs: 1_000, maxDelayMs: 30_000, stableAfterMs: 60_000, ...options };
    this.launch();
  }

  /** The running child's pid (undefined between a death and its restart). */
  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** How many times the child was restarted in the last minute. */
  get recentRestarts(): number {
    return this.restarts.filter((at) => at > Date.now() - 60_000).length;
  }

  private launch(): void {
    const child = this.options.start();
    this.child = child;
    this.startedAt = Date.now();
    child.once("exit", (code, signal) => void this.onExit(child, code, signal));
  }

  private nextDelay(now: number): number {
    if (now - this.startedAt >= this.options.stableAfterMs) this.consecutive = 0;
    const backoff = Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** this.consecutive);
    this.consecutive += 1;
    const window = this.restarts.filter((at) => at > now - 60_000);
    this.restarts = window;
    // The bound: the (max+1)-th restart waits until the oldest of the window is a minute old.
    const windowFree =
      window.length >= this.options.maxRestartsPerMinute ? window[window.length - this.options.maxRestartsPerMinute]! + 60_000 - now : 0;
    return Math.max(backoff, windowFree);
  }

  private async onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    const delay = this.nextDelay(now);
    const reason = describeExit(code, signal);
    const exit: ExitInfo = { pid: child.pid ?? 0, reason, restartAt: now + delay };
    const seconds = Math.round(delay / 100) / 10;
    const busy =
      this.recentRestarts >= this.options.maxRestartsPerMinute ? ` (it restarted ${this.recentRestarts} times in the last minute)` : "";
    this.options.log(`${capitalize(this.options.name)} (pid ${exit.pid}) ${reason}; starting it again in ${seconds} s${busy}.`);
    await Promise.resolve(this.options.onExit?.(exit)).catch((error: Error) =>
      this.options.log(`After ${this.options.name}'s exit: ${error.message}`),
    );
    await new Promise<void>((resolve) => {
      this.wakeRestart = resolve;
      this.restartTimer = setTimeout(resolve, Math.max(0, exit.restartAt! - Date.now()));
    });
    this.wakeRestart = undefined;
    if (this.stopping) return;
    this.restarts.push(Date.now());
    this.launch();
    this.options.log(`Started ${this.options.name} again (pid ${this.child?.pid}).`);
  }

  /** Stops the child for good and waits for it. Idempotent. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    this.wakeRestart?.();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  /** Kills the child at once (a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    this.child?.kill("SIGKILL");
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
