import { readdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isolationSupport, SCRATCH_ROOT } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";

/** Stopping a worker's sandboxes leaves nothing of them behind: no cgroup, no job folder, for no later start to sweep. */

const support = isolationSupport();

/** This process's cgroups (named rosetta-<pid>-…) and job folders (rosetta-job-<pid>-…). */
async function leftBehind(): Promise<string[]> {
  if (!support.ok) return [];
  const { cgroups } = support;
  const roots =
    cgroups.version === "v1"
      ? ["memory", "pids", "cpu", "cpuacct"].map((controller) => path.join(cgroups.root, controller))
      : [cgroups.root];
  const mine = async (dir: string, prefix: string) =>
    (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith(prefix)).map((name) => path.join(dir, name));
  const groups = await Promise.all(roots.map((root) => mine(root, `rosetta-${process.pid}-`)));
  return [...groups.flat(), ...(await mine(SCRATCH_ROOT, `rosetta-job-${process.pid}-`))];
}

describe.skipIf(!support.ok)("SandboxPool.close", () => {
  it("removes its job folders and cgroups before it returns, runs just finished included", async () => {
    const pool = new SandboxPool(2);
    const results = await Promise.all(
      ["print(1)", "print(2)", "import sys; sys.exit(1)", "print(4)"].map((code) => pool.verify({ language: "python", code, tests: "" })),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "fail", "pass"]);
    // Each slot has a spare waiting, and the runs' own groups are going back to the idle list.
    expect((await leftBehind()).length).toBeGreaterThan(0);
    await pool.close();
    expect(await leftBehind()).toEqual([]);
  });

  it("after a stopped run (a fork bomb's stragglers) too", async () => {
    const pool = new SandboxPool(1);
    const result = await pool.verify(
      { language: "bash", code: ":(){ :|:& };:\nsleep 30", tests: "" },
      { limits: { pids: 32, wallMs: 1_500 } },
    );
    expect(result.status).toBe("fail");
    await pool.close();
    expect(await leftBehind()).toEqual([]);
  });
});
