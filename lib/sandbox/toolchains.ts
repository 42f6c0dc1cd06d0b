import { access, constants } from "node:fs/promises";
import path from "node:path";

/** The toolchain binaries each verification language needs (Debian package names in `.ci/run`). */
export const TOOLCHAINS = {
  python: ["python3"],
  javascript: ["node"],
  typescript: ["node"],
  java: ["javac", "java"],
  cpp: ["g++"],
  csharp: ["mcs", "mono"],
  php: ["php"],
  bash: ["bash"],
  go: ["go"],
  rust: ["rustc"],
} as const satisfies Record<string, readonly string[]>;

export type SandboxLanguage = keyof typeof TOOLCHAINS;

async function onPath(binary: string, searchPath: string): Promise<boolean> {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    try {
      await access(path.join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** Which languages have their toolchain installed, and whether bubblewrap (the isolation) is. */
export async function detectToolchains(searchPath: string): Promise<{ bubblewrap: boolean; available: SandboxLanguage[]; missing: SandboxLanguage[] }> {
  const entries = await Promise.all(
    (Object.entries(TOOLCHAINS) as [SandboxLanguage, readonly string[]][]).map(async ([language, binaries]) => {
      const present = await Promise.all(binaries.map((binary) => onPath(binary, searchPath)));
      return [language, present.every(Boolean)] as const;
    }),
  );
  return {
    bubblewrap: await onPath("bwrap", searchPath),
    available: entries.filter(([, ok]) => ok).map(([language]) => language),
    missing: entries.filter(([, ok]) => !ok).map(([language]) => language),
  };
}
