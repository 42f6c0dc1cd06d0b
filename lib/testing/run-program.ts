import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { childEnv } from "@/lib/env";
import type { Language } from "@/lib/languages";

const run = promisify(execFile);

/**
 * Runs a program of OUR OWN (the model server's bank) with the local toolchains, following the
 * bank's harness convention (bank/types.ts), unsandboxed: never use it for model output, which is
 * what the sandbox of lib/sandbox is for. Resolves to whether it passed (exit code 0).
 */
export async function runTrustedProgram(language: Language, solution: string, tests: string): Promise<{ passed: boolean; output: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `rosetta-bank-${language}-`));
  const program = `${solution}\n\n${tests}\n`;
  const steps: [string, string[]][] = [];
  const file = (name: string, text: string) => writeFile(path.join(dir, name), text);
  const tsc = path.resolve("node_modules/.bin/tsc");
  switch (language) {
    case "python":
      await file("main.py", program);
      steps.push(["python3", ["main.py"]]);
      break;
    case "javascript":
      await file("main.js", program);
      steps.push(["node", ["main.js"]]);
      break;
    case "typescript":
      await file("main.ts", program);
      steps.push(
        [
          tsc,
          [
            "--strict",
            "--target",
            "es2022",
            "--module",
            "commonjs",
            "--types",
            "node",
            "--typeRoots",
            path.resolve("node_modules/@types"),
            "main.ts",
          ],
        ],
        ["node", ["main.js"]],
      );
      break;
    case "bash":
      await file("main.sh", program);
      steps.push(["bash", ["main.sh"]]);
      break;
    case "php":
      await file("main.php", program);
      steps.push(["php", ["main.php"]]);
      break;
    case "java":
      await file("Main.java", program);
      steps.push(["javac", ["Main.java"]], ["java", ["Main"]]);
      break;
    case "cpp":
      await file("main.cpp", program);
      steps.push(["g++", ["-std=c++17", "-O0", "-o", "main", "main.cpp"]], ["./main", []]);
      break;
    case "csharp":
      await file("main.cs", program);
      steps.push(["mcs", ["-out:main.exe", "main.cs"]], ["mono", ["main.exe"]]);
      break;
    case "go":
      await file("main.go", `${solution}\n`);
      await file("main_test.go", `${tests}\n`);
      steps.push(["go", ["test", "./"]]);
      break;
    case "rust":
      await file("main.rs", program);
      steps.push(["rustc", ["--edition", "2021", "--test", "-o", "main", "main.rs"]], ["./main", []]);
      break;
  }
  try {
    let output = "";
    for (const [command, args] of steps) {
      const result = await run(command, args, {
        cwd: dir,
        timeout: 120_000,
        env: { ...childEnv({}), GOCACHE: path.join(os.tmpdir(), "rosetta-gocache"), GOPATH: path.join(dir, "gopath"), GO111MODULE: "off" },
      });
      output += result.stdout + result.stderr;
    }
    return { passed: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { passed: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` || e.message };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
