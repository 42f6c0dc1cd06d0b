import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

type Bundler = { bundledEntry: () => Promise<string> };
type Entry = { main: () => Promise<string> };

const repo = path.resolve(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "rosetta-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A checkout in miniature: bin/bundle.js, tsx (for its esbuild), a tsconfig with the `@/` alias and an entry. */
function project(name: string): {
  root: string;
  write: (file: string, text: string) => void;
  entry: () => Promise<Entry & { file: string }>;
} {
  const root = path.join(scratch, name);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  mkdirSync(path.join(root, "bin"), { recursive: true });
  copyFileSync(path.join(repo, "bin", "bundle.js"), path.join(root, "bin", "bundle.js"));
  mkdirSync(path.join(root, "node_modules"), { recursive: true });
  symlinkSync(path.join(repo, "node_modules", "tsx"), path.join(root, "node_modules", "tsx"));
  write("package.json", JSON.stringify({ type: "module" }));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@/*": ["./*"] } } }));
  const entry = async () => {
    const { bundledEntry } = (await import(pathToFileURL(path.join(root, "bin", "bundle.js")).href)) as Bundler;
    const file = await bundledEntry();
    return { file, ...((await import(pathToFileURL(file).href)) as Entry) };
  };
  return { root, write, entry };
}

describe("the rosetta command's bundle (bin/bundle.js)", () => {
  it("bundles the sources with each module's own location, the @/ alias and server-only empty", async () => {
    const { root, write, entry } = project("locations");
    write(
      "lib/where.ts",
      "import 'server-only';\nexport class Place {}\nexport const where = (): string => `${import.meta.dirname} ${new URL('.', import.meta.url).pathname} ${Place.name}`;\n",
    );
    write("lib/cli/main.ts", "import { where } from '@/lib/where';\nexport async function main(): Promise<string> { return where(); }\n");
    const first = await entry();
    expect(first.file.startsWith(path.join(root, "node_modules", ".cache", "rosetta-cli") + path.sep)).toBe(true);
    expect(await first.main()).toBe(`${path.join(root, "lib")} ${path.join(root, "lib")}/ Place`);
  });

  it("reuses a fresh bundle, and rebuilds after an edit, a new file an import now resolves to, or a changed tsconfig", async () => {
    const { root, write, entry } = project("freshness");
    write("lib/cli/main.ts", "import { word } from './word';\nexport async function main(): Promise<string> { return word; }\n");
    write("lib/cli/word/index.ts", "export const word = 'folder';\n");
    const manifest = path.join(root, "node_modules", ".cache", "rosetta-cli", "manifest.json");

    const first = await entry();
    expect(await first.main()).toBe("folder");
    const stored = statSync(manifest);
    const again = await entry();
    expect(again.file).toBe(first.file);
    expect(statSync(manifest).ino).toBe(stored.ino); // not rewritten

    write("lib/cli/word/index.ts", "export const word = 'edited';\n");
    expect(await (await entry()).main()).toBe("edited");

    write("lib/cli/word.ts", "export const word = 'file';\n"); // resolves before word/index.ts
    expect(await (await entry()).main()).toBe("file");

    write(
      "lib/cli/main.ts",
      "import { word } from '@/lib/cli/word';\nexport async function main(): Promise<string> { return `${word}!`; }\n",
    );
    write("tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@/*": ["./lib/../*"] } } }));
    expect(await (await entry()).main()).toBe("file!");
    rmSync(path.join(root, "lib/cli/word.ts"));
    expect(await (await entry()).main()).toBe("edited!");
    expect(JSON.parse(readFileSync(manifest, "utf8")).files).toContain("tsconfig.json");
  });

  it("refuses sources esbuild cannot parse (bin/rosetta.js then runs them through tsx, which says where)", async () => {
    const { write, entry } = project("broken");
    write("lib/cli/main.ts", "export async function main(): Promise<string> { return 'a' +; }\n");
    await expect(entry()).rejects.toThrow(/main\.ts/);
  });

  it("builds this checkout's CLI", async () => {
    const { bundledEntry } = (await import(pathToFileURL(path.join(repo, "bin", "bundle.js")).href)) as Bundler;
    const file = await bundledEntry();
    expect(file.startsWith(path.join(repo, "node_modules", ".cache", "rosetta-cli") + path.sep)).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("function main(");
  });
});
