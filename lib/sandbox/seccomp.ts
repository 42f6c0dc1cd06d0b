/**
 * The sandbox's seccomp filter: a classic BPF program handed to bubblewrap (`--seccomp FD`), which
 * loads it just before it starts the run's shell. Syscalls no test needs (debugging other
 * processes, mounts and namespaces, kernel modules and keyrings, eBPF, perf, io_uring, reboot…)
 * answer EPERM rather than killing the process, so that a toolchain or runtime that probes for one
 * (libuv for io_uring, a JVM for perf) falls back the way it does on any locked-down host.
 * Everything else is allowed: the namespaces, cgroup and rlimits do the containing; this removes
 * the kernel surface that has held most container escapes.
 */

/** Syscalls refused inside the sandbox, with their numbers per architecture (x86_64 and aarch64, the generic table). */
const DENIED: Record<string, { x64?: number; arm64?: number }> = {
  ptrace: { x64: 101, arm64: 117 },
  process_vm_readv: { x64: 310, arm64: 270 },
  process_vm_writev: { x64: 311, arm64: 271 },
  kcmp: { x64: 312, arm64: 272 },
  mount: { x64: 165, arm64: 40 },
  umount2: { x64: 166, arm64: 39 },
  pivot_root: { x64: 155, arm64: 41 },
  chroot: { x64: 161, arm64: 51 },
  unshare: { x64: 272, arm64: 97 },
  setns: { x64: 308, arm64: 268 },
  open_tree: { x64: 428, arm64: 428 },
  move_mount: { x64: 429, arm64: 429 },
  fsopen: { x64: 430, arm64: 430 },
  fsconfig: { x64: 431, arm64: 431 },
  fsmount: { x64: 432, arm64: 432 },
  fspick: { x64: 433, arm64: 433 },
  mount_setattr: { x64: 442, arm64: 442 },
  open_by_handle_at: { x64: 304, arm64: 265 },
  name_to_handle_at: { x64: 303, arm64: 264 },
  kexec_load: { x64: 246, arm64: 104 },
  kexec_file_load: { x64: 320, arm64: 294 },
  init_module: { x64: 175, arm64: 105 },
  finit_module: { x64: 313, arm64: 273 },
  delete_module: { x64: 176, arm64: 106 },
  bpf: { x64: 321, arm64: 280 },
  perf_event_open: { x64: 298, arm64: 241 },
  userfaultfd: { x64: 323, arm64: 282 },
  keyctl: { x64: 250, arm64: 219 },
  add_key: { x64: 248, arm64: 217 },
  request_key: { x64: 249, arm64: 218 },
  io_uring_setup: { x64: 425, arm64: 425 },
  io_uring_enter: { x64: 426, arm64: 426 },
  io_uring_register: { x64: 427, arm64: 427 },
  reboot: { x64: 169, arm64: 142 },
  swapon: { x64: 167, arm64: 224 },
  swapoff: { x64: 168, arm64: 225 },
  acct: { x64: 163, arm64: 89 },
  syslog: { x64: 103, arm64: 116 },
  quotactl: { x64: 179, arm64: 60 },
  quotactl_fd: { x64: 443, arm64: 443 },
  lookup_dcookie: { x64: 212, arm64: 18 },
  vhangup: { x64: 153, arm64: 58 },
  nfsservctl: { x64: 180, arm64: 42 },
  // x86_64 only (absent from the generic table).
  uselib: { x64: 134 },
  _sysctl: { x64: 156 },
  ioperm: { x64: 173 },
  iopl: { x64: 172 },
  create_module: { x64: 174 },
  get_kernel_syms: { x64: 177 },
  query_module: { x64: 178 },
};

export const DENIED_SYSCALLS: readonly string[] = Object.keys(DENIED);

/** linux/audit.h: what seccomp_data.arch holds for a syscall made in each architecture's native ABI. */
const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;
export type SeccompArch = keyof typeof AUDIT_ARCH;

/** x86_64's x32 ABI: the same syscalls with this bit set in the number, so a deny-list must refuse them wholesale. */
const X32_SYSCALL_BIT = 0x40000000;

// linux/filter.h and linux/seccomp.h.
const BPF_LD_W_ABS = 0x20;
const BPF_JMP_JEQ_K = 0x15;
const BPF_JMP_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const EPERM = 1;
/** Offsets in struct seccomp_data { int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]; }. */
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;

type Instruction = { code: number; jt: number; jf: number; k: number };

/**
 * The filter for `arch`, as the bytes of a `struct sock_filter[]` (code u16, jt u8, jf u8, k u32,
 * in the machine's byte order; both supported architectures are little-endian):
 *
 *   load arch; if not native → deny          (a foreign ABI, e.g. i386's int 0x80, has other numbers)
 *   load nr; [x86_64: if nr ≥ x32 bit → deny]
 *   if nr < the lowest denied number → allow   (read, write, mmap, open… leave after a few instructions)
 *   if nr == each denied syscall → deny
 *   allow
 *   deny: errno EPERM
 */
export function seccompFilter(arch: SeccompArch): Buffer {
  const numbers = Object.values(DENIED)
    .map((syscall) => syscall[arch])
    .filter((nr): nr is number => nr !== undefined);
  const allowAt = (denyAt: number) => denyAt - 1;
  const body: ((denyAt: number, here: number) => Instruction)[] = [
    () => ({ code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_ARCH }),
    (denyAt, here) => ({ code: BPF_JMP_JEQ_K, jt: 0, jf: denyAt - here - 1, k: AUDIT_ARCH[arch] }),
    () => ({ code: BPF_LD_W_ABS, jt: 0, jf: 0, k: OFFSET_NR }),
    ...(arch === "x64"
      ? [(denyAt: number, here: number) => ({ code: BPF_JMP_JGE_K, jt: denyAt - here - 1, jf: 0, k: X32_SYSCALL_BIT })]
      : []),
    (denyAt, here) => ({ code: BPF_JMP_JGE_K, jt: 0, jf: allowAt(denyAt) - here - 1, k: Math.min(...numbers) }),
    ...numbers.map((nr) => (denyAt: number, here: number) => ({ code: BPF_JMP_JEQ_K, jt: denyAt - here - 1, jf: 0, k: nr })),
    () => ({ code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ALLOW }),
  ];
  const denyAt = body.length;
  const program = [...body.map((make, here) => make(denyAt, here)), { code: BPF_RET_K, jt: 0, jf: 0, k: SECCOMP_RET_ERRNO | EPERM }];
  // Conditional jumps are 8-bit offsets: the list must stay short enough to reach "deny".
  if (program.some((instruction) => instruction.jt > 255 || instruction.jf > 255))
    throw new Error("the seccomp deny-list is too long for 8-bit jumps");
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach(({ code, jt, jf, k }, i) => {
    bytes.writeUInt16LE(code, i * 8);
    bytes.writeUInt8(jt, i * 8 + 2);
    bytes.writeUInt8(jf, i * 8 + 3);
    bytes.writeUInt32LE(k, i * 8 + 4);
  });
  return bytes;
}

/** This machine's filter, or null (with the reason) on an architecture it has no syscall table for. */
export function hostSeccompFilter(arch: string = process.arch): { filter: Buffer } | { filter: null; note: string } {
  if (arch === "x64" || arch === "arm64") return { filter: seccompFilter(arch) };
  return {
    filter: null,
    note: `no seccomp syscall table for ${arch}: sandboxes run without the seccomp filter (namespaces, cgroups and rlimits still apply)`,
  };
}
