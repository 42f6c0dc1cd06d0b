import { afterAll, describe, expect, it } from "vitest";
import { isolationSupport, SCRATCH_ROOT } from "@/lib/sandbox/isolation";
import { SandboxPool } from "@/lib/sandbox/verify";

/** What code inside the box can learn of the host (nothing), and what it may ask the kernel for. */

const support = isolationSupport();
const pool = new SandboxPool(1);
afterAll(() => pool.close());

describe.skipIf(!support.ok)("the box tells nothing of the host", () => {
  it("process 1's environment, command line and working directory, and the code's own, hold no host path", async () => {
    const code = [
      "import os",
      'for name in ["/proc/1/environ", "/proc/1/cmdline", "/proc/self/environ"]:',
      '    print(name, open(name, "rb").read().replace(b"\\0", b" ").decode())',
      'for name in ["/proc/1/cwd", "/proc/self/cwd"]:',
      "    print(name, os.readlink(name))",
    ].join("\n");
    const result = await pool.verify({ language: "python", code, tests: "" });
    expect(result.status, result.reason).toBe("pass");
    const seen = result.stdout;
    expect(seen).toMatch(/^\/proc\/1\/cmdline \/bin\/bash -c /m);
    expect(seen).toMatch(/^\/proc\/1\/environ .*PATH=/m);
    for (const hostPath of [process.cwd(), SCRATCH_ROOT, "rosetta-job-", "/work/", "/root"]) expect(seen).not.toContain(hostPath);
    expect(seen).toMatch(/^\/proc\/1\/cwd \/box$/m);
    expect(seen).toMatch(/^\/proc\/self\/cwd \/box$/m);
  });
});

describe.skipIf(!support.ok || !(support.ok && support.seccomp))("the seccomp filter", () => {
  it("refuses ptrace, unshare, mount, keyctl, bpf and x32 syscalls with EPERM, and leaves the rest alone", async () => {
    // Each of these succeeds for an unprivileged process without the filter, or fails with another errno.
    const code = [
      "import ctypes, errno, os",
      "libc = ctypes.CDLL(None, use_errno=True)",
      "def call(name, fn):",
      "    ctypes.set_errno(0)",
      "    rc = fn()",
      "    print(name, rc, errno.errorcode.get(ctypes.get_errno(), 0) if rc < 0 else 'ok')",
      'call("ptrace", lambda: libc.ptrace(0, 0, 0, 0))', // PTRACE_TRACEME: allowed to anyone
      'call("unshare", lambda: libc.unshare(0))', // no flags: a no-op anyone may do
      'call("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))',
      'call("keyctl", lambda: libc.syscall(250, 0, -3, 0))', // KEYCTL_GET_KEYRING_ID of the session keyring
      'call("bpf", lambda: libc.syscall(321, 0, None, 0))',
      'call("x32 getpid", lambda: libc.syscall(0x40000000 + 39))',
      'call("getpid", lambda: libc.getpid())',
      'print("Seccomp", [l.split()[1] for l in open("/proc/self/status") if l.startswith("Seccomp:")][0])',
    ].join("\n");
    const result = await pool.verify({ language: "python", code, tests: "" });
    expect(result.status, result.reason).toBe("pass");
    const lines = Object.fromEntries(
      result.stdout
        .trim()
        .split("\n")
        .map((line) => [line.split(/ (?=-?\d)/)[0], line]),
    );
    if (process.arch === "x64") {
      for (const name of ["ptrace", "unshare", "mount", "keyctl", "bpf", "x32 getpid"])
        expect(lines[name], result.stdout).toMatch(/ -1 EPERM$/);
    } else {
      for (const name of ["ptrace", "unshare", "mount"]) expect(lines[name], result.stdout).toMatch(/ -1 EPERM$/);
    }
    expect(lines.getpid).toMatch(/ \d+ ok$/);
    expect(result.stdout).toMatch(/^Seccomp 2$/m);
  });

  it("a C program calling ptrace and unshare directly gets EPERM too", async () => {
    const code = [
      "#include <cerrno>",
      "#include <cstdio>",
      "#include <sched.h>",
      "#include <sys/ptrace.h>",
      "int main() {",
      '    errno = 0; long traced = ptrace(PTRACE_TRACEME, 0, nullptr, nullptr); std::printf("ptrace %ld %d\\n", traced, errno);',
      '    errno = 0; int shared = unshare(CLONE_NEWNS); std::printf("unshare %d %d\\n", shared, errno);',
      "    return traced == -1 && shared == -1 ? 0 : 1;",
      "}",
    ].join("\n");
    const result = await pool.verify({ language: "cpp", code, tests: "" });
    expect(result.status, `${result.reason}\n${result.stdout}`).toBe("pass");
    expect(result.stdout).toContain("ptrace -1 1\n");
    expect(result.stdout).toContain("unshare -1 1\n");
  });
});
