import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import path from "node:path";

/** An environment of exactly these variables (Next's typing of ProcessEnv insists on NODE_ENV). */
export function bareEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return vars as unknown as NodeJS.ProcessEnv;
}

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
export async function detectToolchains(
  searchPath: string,
): Promise<{ bubblewrap: boolean; available: SandboxLanguage[]; missing: SandboxLanguage[] }> {
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

/** How to ask each language's toolchain for its version (what a verification run records). */
const VERSION_COMMANDS: Record<SandboxLanguage, [string, ...string[]]> = {
  python: ["python3", "--version"],
  javascript: ["node", "--version"],
  typescript: ["node", "--version"],
  java: ["javac", "-version"],
  cpp: ["g++", "-dumpfullversion"],
  csharp: ["mcs", "--version"],
  php: ["php", "-r", "echo PHP_VERSION;"],
  bash: ["bash", "-c", "echo $BASH_VERSION"],
  go: ["go", "version"],
  rust: ["rustc", "--version"],
};

const versions = new Map<SandboxLanguage, Promise<string>>();

/** "Python 3.11.2", "go version go1.19.8 linux/amd64", "g++ 12.2.0", …; "unknown" when the toolchain does not say. */
export function toolchainVersion(language: SandboxLanguage, searchPath = "/usr/local/bin:/usr/bin:/bin"): Promise<string> {
  let version = versions.get(language);
  if (!version) {
    const [command, ...args] = VERSION_COMMANDS[language];
    version = new Promise<string>((resolve) =>
      // The command is one of a fixed list of toolchains, not a file of the app: nothing for the build to trace.
      execFile(
        /*turbopackIgnore: true*/ command,
        args,
        { env: bareEnv({ PATH: searchPath }), timeout: 15_000, encoding: "utf8" },
        (error, stdout, stderr) => {
          const text = `${stdout}${stderr}`.trim().split("\n")[0]?.trim();
          resolve(error || !text ? "unknown" : /^v?\d/.test(text) ? `${command} ${text}` : text);
        },
      ),
    );
    versions.set(language, version);
  }
  return version;
}
