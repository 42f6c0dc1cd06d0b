import { describe, expect, it } from "vitest";
import type { CgroupStats } from "@/lib/sandbox/cgroup";
import { stopCause } from "@/lib/sandbox/stop-cause";

const limits = { cpuSeconds: 15, memoryMb: 768 };
const quiet: CgroupStats = { oomKills: 0, pidsRejected: 0, memoryLimitHits: 0, cpuMs: 100, peakMemoryBytes: 10 * 1024 * 1024 };
const cause = (observed: Parameters<typeof stopCause>[0]["observed"], exitCode: number | null, stats: Partial<CgroupStats> = {}) =>
  stopCause({ observed, exitCode, stats: { ...quiet, ...stats }, limits });

describe("stopCause", () => {
  it("names the kernel's limit before the clock that ran out after it", () => {
    expect(cause("wall-time", null, { pidsRejected: 6339 })).toBe("pids");
    expect(cause(null, 128 + 24, { pidsRejected: 12 })).toBe("pids");
    expect(cause("wall-time", null, { oomKills: 1 })).toBe("memory");
    expect(cause("wall-time", null, { memoryLimitHits: 40, peakMemoryBytes: 768 * 1024 * 1024 })).toBe("memory");
  });

  it("keeps a flood the server saw, and plain timeouts", () => {
    expect(cause("output-flood", null, { oomKills: 1 })).toBe("output-flood");
    expect(cause("wall-time", null)).toBe("wall-time");
    expect(cause(null, 128 + 24)).toBe("cpu-time");
    expect(cause(null, 128 + 9, { cpuMs: 15_200 })).toBe("cpu-time");
    // Reclaiming page cache at the limit now and then is not thrashing there.
    expect(cause("wall-time", null, { memoryLimitHits: 3, peakMemoryBytes: 300 * 1024 * 1024 })).toBe("wall-time");
  });

  it("reads the exit status of a run nothing stopped from outside", () => {
    expect(cause(null, 128 + 25)).toBe("file-size");
    expect(cause(null, 128 + 9)).toBeNull(); // a SIGKILL the code sent itself, under the CPU limit
    expect(cause(null, 1)).toBeNull();
    expect(cause(null, 0, { pidsRejected: 3 })).toBe("pids");
  });
});
