import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Supervisor, type ExitInfo } from "@/lib/cli/supervisor";

/** A real child process: `node -e <script>`. */
const node = (script: string) => () => spawn(process.execPath, ["-e", script], { stdio: "ignore" });

describe("Supervisor", () => {
  it("starts a child that dies again, with a backoff, and tells of each exit", async () => {
    const lines: string[] = [];
    const exits: ExitInfo[] = [];
    const supervisor = new Supervisor({
      name: "the worker",
      start: node("setInterval(() => {}, 1000)"),
      log: (line) => lines.push(line),
      onExit: (exit) => void exits.push(exit),
      firstDelayMs: 50,
    });
    try {
      await expect.poll(() => supervisor.pid, { timeout: 10_000 }).toBeDefined();
      const first = supervisor.pid!;
      process.kill(first, "SIGKILL");
      await expect.poll(() => supervisor.pid !== undefined && supervisor.pid !== first, { timeout: 10_000 }).toBe(true);
      expect(exits).toEqual([expect.objectContaining({ pid: first, reason: "was killed by SIGKILL" })]);
      expect(lines[0]).toBe(`The worker (pid ${first}) was killed by SIGKILL; starting it again in 0.1 s.`);
      expect(lines[1]).toBe(`Started the worker again (pid ${supervisor.pid}).`);

      const second = supervisor.pid!;
      process.kill(second, "SIGKILL");
      await expect.poll(() => supervisor.pid !== undefined && supervisor.pid !== second, { timeout: 10_000 }).toBe(true);
      expect(lines[2]).toContain("starting it again in 0.1 s"); // 100 ms: the backoff doubled
      expect(supervisor.recentRestarts).toBe(2);
    } finally {
      await supervisor.stop();
    }
  });

  it("restarts at most maxRestartsPerMinute times a minute", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      name: "the worker",
      start: node("process.exit(3)"),
      log: (line) => lines.push(line),
      firstDelayMs: 10,
      maxDelayMs: 20,
      maxRestartsPerMinute: 2,
    });
    try {
      await expect.poll(() => lines.filter((line) => line.startsWith("The worker")).length, { timeout: 15_000 }).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(supervisor.recentRestarts).toBe(2); // the third waits for the minute to pass
      expect(lines.at(-1)).toMatch(
        /exited with code 3; starting it again in (5\d|60)(\.\d)? s \(it restarted 2 times in the last minute\)\.$/,
      );
    } finally {
      await supervisor.stop();
    }
  });

  it("stop() ends the child for good: no restart after it", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor({
      name: "the web server",
      start: node("setInterval(() => {}, 1000)"),
      log: (line) => lines.push(line),
      firstDelayMs: 10,
    });
    await expect.poll(() => supervisor.pid, { timeout: 10_000 }).toBeDefined();
    const pid = supervisor.pid!;
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(supervisor.pid).toBeUndefined();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(lines).toEqual([]);
  });
});
