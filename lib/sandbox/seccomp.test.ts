import { describe, expect, it } from "vitest";
import { DENIED_SYSCALLS, hostSeccompFilter, seccompFilter } from "@/lib/sandbox/seccomp";

/**
 * The filter's bytes run through a small interpreter of the classic BPF instructions it uses, as
 * the kernel would run them on a syscall (the real kernel's answer is in host.int.test.ts).
 */
function run(filter: Buffer, { arch, nr }: { arch: number; nr: number }): number {
  const data = Buffer.alloc(64);
  data.writeInt32LE(nr, 0);
  data.writeUInt32LE(arch, 4);
  let accumulator = 0;
  for (let pc = 0; pc < filter.length / 8; pc++) {
    const code = filter.readUInt16LE(pc * 8);
    const jt = filter.readUInt8(pc * 8 + 2);
    const jf = filter.readUInt8(pc * 8 + 3);
    const k = filter.readUInt32LE(pc * 8 + 4);
    if (code === 0x20) accumulator = data.readUInt32LE(k);
    else if (code === 0x15) pc += accumulator === k ? jt : jf;
    else if (code === 0x35) pc += accumulator >= k ? jt : jf;
    else if (code === 0x06) return k;
    else throw new Error(`unexpected BPF instruction ${code.toString(16)}`);
  }
  throw new Error("fell off the end of the filter");
}

const X86_64 = 0xc000003e;
const I386 = 0x40000003;
const AARCH64 = 0xc00000b7;
const ALLOW = 0x7fff0000;
const EPERM = 0x00050001;

describe("the seccomp filter", () => {
  const x64 = seccompFilter("x64");

  it("answers EPERM to each denied syscall on x86_64 and lets ordinary ones through", () => {
    for (const nr of [
      101 /* ptrace */, 165 /* mount */, 272 /* unshare */, 321 /* bpf */, 250 /* keyctl */, 246 /* kexec_load */,
      310 /* process_vm_readv */,
    ])
      expect(run(x64, { arch: X86_64, nr })).toBe(EPERM);
    for (const nr of [0 /* read */, 1 /* write */, 39 /* getpid */, 56 /* clone */, 59 /* execve */, 231 /* exit_group */])
      expect(run(x64, { arch: X86_64, nr })).toBe(ALLOW);
  });

  it("refuses x32 syscalls and any other ABI (i386's int 0x80 numbers differ)", () => {
    expect(run(x64, { arch: X86_64, nr: 0x40000000 + 39 })).toBe(EPERM);
    expect(run(x64, { arch: I386, nr: 20 })).toBe(EPERM);
  });

  it("has aarch64's own numbers", () => {
    const arm64 = seccompFilter("arm64");
    expect(run(arm64, { arch: AARCH64, nr: 117 /* ptrace */ })).toBe(EPERM);
    expect(run(arm64, { arch: AARCH64, nr: 97 /* unshare */ })).toBe(EPERM);
    expect(run(arm64, { arch: AARCH64, nr: 101 /* nanosleep, ptrace on x86_64 */ })).toBe(ALLOW);
    expect(run(arm64, { arch: X86_64, nr: 39 })).toBe(EPERM);
  });

  it("covers the syscalls no test needs", () => {
    expect(DENIED_SYSCALLS).toEqual(
      expect.arrayContaining([
        "ptrace",
        "mount",
        "umount2",
        "kexec_load",
        "kexec_file_load",
        "bpf",
        "keyctl",
        "add_key",
        "request_key",
        "init_module",
        "finit_module",
        "delete_module",
        "reboot",
        "swapon",
        "swapoff",
        "pivot_root",
        "chroot",
        "unshare",
        "setns",
        "perf_event_open",
        "userfaultfd",
        "open_by_handle_at",
        "process_vm_readv",
        "process_vm_writev",
      ]),
    );
  });

  it("says why there is no filter on an architecture without a syscall table", () => {
    expect(hostSeccompFilter("riscv64")).toEqual({ filter: null, note: expect.stringMatching(/no seccomp syscall table for riscv64/) });
    expect(hostSeccompFilter("x64").filter).toEqual(x64);
  });
});
