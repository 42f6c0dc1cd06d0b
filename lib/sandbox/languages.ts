import type { Language } from "@/lib/languages";
import { hoistDirectives, placeImports } from "@/lib/sandbox/imports";
import type { IsolatedRun, Limits } from "@/lib/sandbox/isolation";
import { GO_ENV, GO_SETUP } from "@/lib/sandbox/warm";

/**
 * How each language runs `{code, tests}` and how its verdict is read (the harness convention of
 * model-server/bank/types.ts, which the test writer is asked to follow). The script runs in
 * the sandbox's /box and reads the files from "$SRC" (read-only); exit code 97 means "did not compile". Verdicts follow what each runtime
 * really does: a failed console.assert exits 0, Mono exits 0 after a failed Debug.Assert, `go test`
 * reports FAIL in its output.
 */

export type VerdictStatus = "pass" | "fail" | "error" | "timeout";
export interface Verdict {
  status: VerdictStatus;
  reason: string;
}

export interface Harness {
  files: Record<string, string>;
  script: string;
  env?: Record<string, string>;
  limits?: Partial<Limits>;
  /** Read a language's own failure signs; the common rules (limits, compile errors, exit code) come first. */
  judge?: (run: IsolatedRun) => Verdict | undefined;
}

export const COMPILE_FAILED = 97;

const JVM = "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

/** Java's file must be named after its public class; without one, after the class that has main. */
export function javaMainClass(source: string): string {
  const publicClass = /\bpublic\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_]\w*)/.exec(source);
  if (publicClass) return publicClass[1]!;
  const mainAt = source.search(/\bstatic\s+void\s+main\s*\(/);
  const classes = [...source.matchAll(/\bclass\s+([A-Za-z_]\w*)/g)].filter((m) => mainAt < 0 || m.index! < mainAt);
  return classes.at(-1)?.[1] ?? "Main";
}

/**
 * Node writes to a pipe asynchronously: a loop that prints without yielding queues every line in
 * its heap, never reaching the pipe, and dies of a V8 out-of-memory crash instead of being seen
 * (and stopped) as the flood it is. Blocking writes make the output leave as it is written.
 */
const NODE_PRELOAD = ".rosetta-blocking-stdio.cjs";
const BLOCKING_STDIO = "for (const stream of [process.stdout, process.stderr]) stream._handle?.setBlocking?.(true);\n";
const node = (file: string) => `node --max-old-space-size=256 --require "$SRC/${NODE_PRELOAD}" "$SRC/${file}"`;

const withPackage = (source: string) => (/^\s*package\s+\w+/m.test(source) ? source : `package main\n\n${source}`);
const phpOpen = (source: string) => source.replace(/^\s*<\?php\s*/, "");

export interface HarnessOptions {
  /** TypeScript: the JavaScript the trusted checker emitted. */
  typescriptOutput?: string;
  /** Java: javac's AppCDS archive (lib/sandbox/warm.ts), when there is one. */
  javacArchive?: string;
}

export function harness(
  language: Language,
  rawCode: string,
  rawTests: string,
  { typescriptOutput, javacArchive }: HarnessOptions = {},
): Harness {
  const { code, tests } = placeImports(language, rawCode, rawTests);
  const program = `${code}\n\n${tests}\n`;
  switch (language) {
    case "python":
      return { files: { "main.py": program }, script: 'python3 "$SRC/main.py"' };
    case "javascript":
      return {
        files: { "main.js": program, [NODE_PRELOAD]: BLOCKING_STDIO },
        script: node("main.js"),
        judge: (run) =>
          /Assertion failed/.test(run.stderr) ? { status: "fail", reason: `console.assert failed: ${tail(run.stderr)}` } : undefined,
      };
    case "typescript":
      // Type-checked and transpiled on the server (no code runs there); only the JavaScript runs here.
      return {
        files: { "main.js": typescriptOutput ?? "", [NODE_PRELOAD]: BLOCKING_STDIO },
        script: node("main.js"),
        judge: (run) =>
          /Assertion failed/.test(run.stderr) ? { status: "fail", reason: `console.assert failed: ${tail(run.stderr)}` } : undefined,
      };
    case "bash":
      return { files: { "main.sh": program }, script: 'bash "$SRC/main.sh"' };
    case "php":
      return {
        files: { "main.php": `<?php\n${phpOpen(code)}\n\n${phpOpen(tests)}\n` },
        script: 'php "$SRC/main.php"',
        judge: (run) =>
          /PHP Parse error|Parse error: syntax error/.test(run.stdout + run.stderr)
            ? { status: "error", reason: `syntax error: ${tail(run.stdout + run.stderr)}` }
            : undefined,
      };
    case "java": {
      const source = hoistDirectives("java", program);
      const name = javaMainClass(source);
      return {
        files: { [`${name}.java`]: source },
        script: `javac -J-Xmx384m -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC${javacArchive ? ` -J-XX:SharedArchiveFile=${javacArchive} -J-Xlog:cds=off -J-Xlog:cds+dynamic=off` : ""} -encoding UTF8 -nowarn -d . "$SRC/${name}.java" || exit ${COMPILE_FAILED}; java ${JVM} -ea -cp . ${name}`,
        limits: { memoryMb: 1024, pids: 512 },
      };
    }
    case "cpp":
      return {
        files: { "main.cpp": program },
        script: `g++ -std=c++17 -O0 -o main "$SRC/main.cpp" || exit ${COMPILE_FAILED}; ./main`,
        limits: { memoryMb: 1024 },
      };
    case "csharp":
      return {
        files: { "main.cs": hoistDirectives("csharp", program) },
        script: `mcs -d:DEBUG -r:System.Numerics.dll -out:main.exe "$SRC/main.cs" || exit ${COMPILE_FAILED}; mono main.exe`,
        env: { MONO_TRACE_LISTENER: "Console.Error" },
        limits: { pids: 512 },
        judge: (run) =>
          /DefaultTraceListener\.Fail|Unhandled Exception|Assertion failed/.test(run.stderr)
            ? { status: "fail", reason: `assertion or exception: ${tail(run.stderr)}` }
            : undefined,
      };
    case "go":
      return {
        files: { "main.go": withPackage(code), "main_test.go": withPackage(tests) },
        script: `${GO_SETUP}; go test -count=1 "$SRC/main.go" "$SRC/main_test.go"`,
        env: { ...GO_ENV },
        limits: { memoryMb: 1024, pids: 512 },
        judge: (run) => {
          const output = run.stdout + run.stderr;
          if (/\[(build|setup) failed\]/.test(output)) return { status: "error", reason: `does not compile: ${tail(output)}` };
          if (/^(--- )?FAIL/m.test(output)) return { status: "fail", reason: `tests failed: ${tail(output)}` };
          return undefined;
        },
      };
    case "rust":
      return {
        files: { "main.rs": program },
        script: `rustc --edition 2021 ${/#\[test\]/.test(tests) ? "--test" : ""} -o main "$SRC/main.rs" || exit ${COMPILE_FAILED}; ./main`,
        // A test binary with debug info is tens of MB; the tmpfs still counts against memory.
        limits: { memoryMb: 1024, pids: 512, fileSizeMb: 128 },
      };
  }
}

export function tail(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}
