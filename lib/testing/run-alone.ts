import path from "node:path";

/**
 * Integration files that kill processes, or stop programs at set limits, at moments a busy second
 * file would move: each runs with no other integration file beside it (lib/testing/database-per-file.ts
 * holds PostgreSQL advisory locks for that), and Vitest starts them after the rest
 * (vitest.config.mts), so the others still run two at a time.
 */
export const RUN_ALONE = [
  "lib/db/embedded.int.test.ts",
  "lib/jobs/worker.int.test.ts",
  "lib/llm/limiter.int.test.ts",
  "lib/sandbox/close.int.test.ts",
  "lib/sandbox/sandbox.int.test.ts",
  "lib/sandbox/stop-reasons.int.test.ts",
  "lib/synthesis/durability.int.test.ts",
  "lib/synthesis/paid-once.int.test.ts",
  "lib/synthesis/run-controls.int.test.ts",
  "lib/synthesis/window-kills.int.test.ts",
];

/** Whether `file` (an absolute path) is one of them; `root` is the checkout's folder. */
export function runsAlone(file: string, root: string): boolean {
  return RUN_ALONE.includes(path.relative(root, file));
}

/** The advisory lock key: every integration file holds it shared for its run, a RUN_ALONE file exclusively. */
export const RUN_ALONE_LOCK = 0x726f_7365; // "rose"
