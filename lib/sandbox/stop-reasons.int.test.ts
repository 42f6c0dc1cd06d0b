import { afterAll, describe, expect, it } from "vitest";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { detectToolchains } from "@/lib/sandbox/toolchains";
import { SandboxPool, type VerifyResult } from "@/lib/sandbox/verify";

/**
 * A run stopped by a limit is reported by that limit, read from the kernel (the cgroup's oom_kill
 * and pids "max" events, the exit signal), even when a clock ran out last.
 */

const support = isolationSupport();
const { available } = await detectToolchains("/usr/local/bin:/usr/bin:/bin");
const pool = new SandboxPool(2);
afterAll(() => pool.close());

const expectVerdict = (result: VerifyResult, status: VerifyResult["status"], reason: RegExp) => {
  expect(result.status, result.reason).toBe(status);
  expect(result.reason).toMatch(reason);
};

describe.skipIf(!support.ok)("stop reasons", () => {
  it("a bash allocation that outgrows its memory is stopped at the memory limit", async () => {
    const result = await pool.verify(
      { language: "bash", code: 's=x; while true; do s="$s$s"; done', tests: "" },
      { limits: { memoryMb: 128 } },
    );
    expectVerdict(result, "fail", /memory limit of 128 MB/);
  });

  it("a run that grew its memory, then ran out of time, times out, and the reason says where its memory went", async () => {
    // Slow allocators (bash doubling a string) spend the whole time limit growing without reaching the memory limit.
    const code = 'import time\nheld = b"1" * (100 * 2**20)\ntime.sleep(60)';
    expectVerdict(
      await pool.verify({ language: "python", code, tests: "" }, { limits: { memoryMb: 128, wallMs: 2_000 } }),
      "timeout",
      /wall-time limit of 2 s, its memory grown to \d+ MB of the 128 MB limit/,
    );
  });

  it.skipIf(!available.includes("cpp"))("a C++ program growing a vector without end is stopped at the memory limit", async () => {
    const code = "#include <vector>\nint main() {\n    std::vector<long> v;\n    for (;;) v.push_back(1);\n}";
    expectVerdict(await pool.verify({ language: "cpp", code, tests: "" }, { limits: { memoryMb: 256 } }), "fail", /memory limit of 256 MB/);
  });

  it.skipIf(!available.includes("cpp"))(
    "a fork bomb that spins until the CPU or wall-time limit is a process-limit stop, not a timeout",
    async () => {
      const code = "#include <unistd.h>\nint main() {\n    for (;;) fork();\n}";
      expectVerdict(
        await pool.verify({ language: "cpp", code, tests: "" }, { limits: { cpuSeconds: 2, wallMs: 6_000, pids: 64 } }),
        "fail",
        /limit of 64 processes/,
      );
    },
  );

  it("a Python fork bomb that retries refused forks is a process-limit stop", async () => {
    const code = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass";
    expectVerdict(
      await pool.verify({ language: "python", code, tests: "" }, { limits: { cpuSeconds: 2, wallMs: 6_000, pids: 64 } }),
      "fail",
      /limit of 64 processes/,
    );
  });

  it("Node printing without end is an output flood, not a V8 out-of-memory crash", async () => {
    const result = await pool.verify({ language: "javascript", code: 'while (true) console.log("rosetta flood line")', tests: "" });
    expectVerdict(result, "fail", /flooding its output/);
    expect(result.stderr).not.toMatch(/heap out of memory/);
  });

  it("TypeScript too", async () => {
    const result = await pool.verify({ language: "typescript", code: 'for (;;) console.log("rosetta flood line");', tests: "" });
    expectVerdict(result, "fail", /flooding its output/);
  });
});
