import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectToolchains } from "@/lib/sandbox/toolchains";

describe("detectToolchains", () => {
  const dirs: string[] = [];
  afterEach(async () => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

  async function binDir(executables: string[], plainFiles: string[] = []): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-path-"));
    dirs.push(dir);
    for (const name of executables) {
      await writeFile(path.join(dir, name), "#!/bin/sh\n");
      await chmod(path.join(dir, name), 0o755);
    }
    for (const name of plainFiles) await writeFile(path.join(dir, name), "");
    return dir;
  }

  it("finds a language only when all of its binaries are executable on the path", async () => {
    const first = await binDir(["python3", "javac"]);
    const second = await binDir(["bwrap"], ["java"]); // present but not executable
    const found = await detectToolchains([first, second].join(path.delimiter));
    expect(found.bubblewrap).toBe(true);
    expect(found.available).toEqual(["python"]);
    expect(found.missing).toContain("java");
    expect(found.missing).toContain("rust");
  });

  it("reports bubblewrap missing", async () => {
    expect((await detectToolchains(await binDir([]))).bubblewrap).toBe(false);
  });
});
