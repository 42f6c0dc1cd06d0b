import { existsSync } from "node:fs";
import { mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { createProject } from "@/lib/projects/create-project";
import { importUploadedFiles } from "@/lib/projects/import-upload";
import { receiveUpload, type ReceivedFile } from "@/lib/projects/receive-upload";
import { extractZip, safeEntryPath } from "@/lib/projects/unzip";

const db = createDb(env.DATABASE_URL!);
let projectId = "";
let dir = "";

const GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n";
const FIB = "function fib(n) {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\n";
const SQUARE = "fn square(x: i64) -> i64 {\n    x * x\n}\n";

/** Writes files as the upload receiver would have (each in its own folder). */
async function received(files: Record<string, string | Uint8Array>): Promise<ReceivedFile[]> {
  return Promise.all(
    Object.entries(files).map(async ([name, content], i) => {
      const folder = path.join(dir, `f-${i}`);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, name), content);
      return { name, path: path.join(folder, name), bytes: content.length };
    }),
  );
}

beforeAll(async () => {
  projectId = (await createProject({ db, input: { name: "Uploads", slug: "uploads", languages: ["python", "javascript", "rust"] } })).id;
  dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-upload-test-"));
});
afterAll(() => db.$disconnect());

describe("importing uploaded files", () => {
  it("gives each file its result: imported, duplicates, skipped with the reason, a refused file", async () => {
    const jsonl = [
      JSON.stringify({ code: FIB, language: "javascript", path: "fib.js" }),
      "{not json",
      JSON.stringify({ code: "echo hi", language: "bash" }),
      JSON.stringify({ code: GCD, language: "python" }),
    ].join("\n");
    const files = await received({ "gcd.py": GCD, "notes.txt": "just words", "snippets.jsonl": jsonl, "broken.zip": "not a zip at all" });
    const result = await importUploadedFiles({ db, projectId, files, dir });
    expect(result.files).toEqual([
      { file: "gcd.py", kind: "code", imported: 1, duplicates: 0, skipped: [], error: null },
      {
        file: "notes.txt",
        kind: "code",
        imported: 0,
        duplicates: 0,
        skipped: [expect.objectContaining({ reason: "not-code", count: 1 })],
        error: null,
      },
      {
        file: "snippets.jsonl",
        kind: "jsonl",
        imported: 1,
        duplicates: 1, // gcd, uploaded just before
        skipped: expect.arrayContaining([
          { reason: "malformed-jsonl", count: 1, examples: [expect.stringMatching(/^snippets\.jsonl:2 \(/)] },
          { reason: "language-not-in-project", count: 1, examples: ["snippets.jsonl:3 (bash)"] },
        ]),
        error: null,
      },
      {
        file: "broken.zip",
        kind: "zip",
        imported: 0,
        duplicates: 0,
        skipped: [],
        error: "No files in it: an empty zip, or not a whole zip (cut short, or no zip at all).",
      },
    ]);
    expect(result).toMatchObject({ imported: 2 });
    const rows = await db.snippet.findMany({ where: { projectId }, orderBy: { path: "asc" } });
    expect(rows.map((row) => [row.path, row.language, row.source])).toEqual([
      ["fib.js", "javascript", "UPLOAD"],
      ["gcd.py", "python", "UPLOAD"],
    ]);
  });

  it("never writes outside the upload for a zip (zip-slip, absolute paths, .git) and imports the rest", async () => {
    const zip = zipSync({
      "src/square.rs": strToU8(SQUARE),
      "../../escape.py": strToU8("print('escaped')\n"),
      "/etc/absolute.py": strToU8("print('absolute')\n"),
      "C:\\windows.py": strToU8("print('drive')\n"),
      ".git/config": strToU8("[core]\n\tfsmonitor = touch /tmp/pwned\n"),
      "big/huge.py": new Uint8Array(300 * 1024).fill(0x61),
    });
    const files = await received({ "code.zip": zip });
    const result = await importUploadedFiles({ db, projectId, files, dir });
    const [zipResult] = result.files;
    expect(zipResult).toMatchObject({ file: "code.zip", kind: "zip", imported: 1, error: null });
    const reasons = Object.fromEntries(zipResult!.skipped.map((s) => [s.reason, s.count]));
    expect(reasons).toEqual({ "unsafe-path": 4, "too-large": 1 });
    expect(existsSync(path.join(dir, "..", "escape.py"))).toBe(false);
    expect(existsSync(path.join(os.tmpdir(), "escape.py"))).toBe(false);
    // Only the one safe entry was written.
    expect(await readdir(path.join(dir, "zip-0"), { recursive: true })).toEqual(
      expect.arrayContaining(["src", path.join("src", "square.rs")]),
    );
    expect(await db.snippet.findFirst({ where: { projectId, path: "src/square.rs" } })).toMatchObject({
      language: "rust",
      source: "UPLOAD",
    });
  });

  it("stops a zip that expands past the cap, whatever sizes it declares", async () => {
    const entries = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`part${i}.py`, new Uint8Array(100 * 1024).fill(0x62 + i)]));
    const zipPath = path.join(dir, "bomb.zip");
    await writeFile(zipPath, zipSync(entries, { level: 9 }));
    const dest = path.join(dir, "bomb");
    await mkdir(dest);
    const { files, skipped } = await extractZip({ zipPath, dest, maxEntryBytes: 256 * 1024, maxTotalBytes: 350 * 1024 });
    expect(files).toBe(3);
    expect(skipped).toEqual([expect.objectContaining({ reason: "zip-too-large" })]);
  });

  it("passes over vendored folders and links without inflating them, so they cost none of the cap", async () => {
    const vendored = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`node_modules/pkg${i}/index.js`, new Uint8Array(100 * 1024).fill(0x61 + i)]),
    );
    const zipPath = path.join(dir, "vendored.zip");
    await writeFile(
      zipPath,
      zipSync(
        {
          ...vendored,
          "web/vendor/lib.js": strToU8("var v = 1;\n"),
          "src/after.py": strToU8(GCD),
          "src/link.py": [strToU8("after.py"), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
        },
        { level: 9 },
      ),
    );
    const dest = path.join(dir, "vendored");
    await mkdir(dest);
    const { files, skipped } = await extractZip({ zipPath, dest, maxEntryBytes: 256 * 1024, maxTotalBytes: 350 * 1024 });
    expect(files).toBe(1);
    expect(skipped).toEqual([
      { where: "node_modules/", reason: "vendored" },
      { where: "web/vendor/", reason: "vendored" },
      { where: "src/link.py", reason: "symlink", detail: "links are not followed" },
    ]);
    expect(await readdir(dest, { recursive: true })).toEqual(expect.arrayContaining(["src", path.join("src", "after.py")]));
    expect(existsSync(path.join(dest, "node_modules"))).toBe(false);
    expect(existsSync(path.join(dest, "src", "link.py"))).toBe(false);
  });

  it("extracts nothing from a zip cut short (its central directory says which entries are links)", async () => {
    const whole = zipSync({ "a.py": strToU8(GCD), "b.js": strToU8(FIB) });
    const zipPath = path.join(dir, "cut.zip");
    await writeFile(zipPath, whole.subarray(0, whole.length - 30));
    const dest = path.join(dir, "cut");
    await mkdir(dest);
    expect(await extractZip({ zipPath, dest, maxEntryBytes: 1024, maxTotalBytes: 4096 })).toEqual({ files: 0, skipped: [] });
    expect(await readdir(dest)).toEqual([]);
  });

  it("reads an entry name written as UTF-8 without the zip's UTF-8 flag", async () => {
    // fflate sets the flag for any name beyond ASCII: clear it, as older archivers leave it.
    const zip = Buffer.from(zipSync({ "café.py": strToU8("def cafe():\n    return 1\n") }));
    for (let at = 0; at + 4 <= zip.length; at += 1) {
      const signature = zip.readUInt32LE(at);
      if (signature === 0x04034b50) zip.writeUInt16LE(zip.readUInt16LE(at + 6) & ~0x800, at + 6);
      if (signature === 0x02014b50) zip.writeUInt16LE(zip.readUInt16LE(at + 8) & ~0x800, at + 8);
    }
    const zipPath = path.join(dir, "unflagged.zip");
    await writeFile(zipPath, zip);
    const dest = path.join(dir, "unflagged");
    await mkdir(dest);
    expect(await extractZip({ zipPath, dest, maxEntryBytes: 1024, maxTotalBytes: 4096 })).toEqual({ files: 1, skipped: [] });
    expect(await readdir(dest)).toEqual(["café.py"]);
  });

  it("refuses unsafe entry names", () => {
    for (const name of ["../x.py", "a/../../x.py", "/x.py", "\\\\server\\x.py", "C:/x.py", ".git/config", "a/.GIT/hooks/x", "", "x\0.py"])
      expect(safeEntryPath("/tmp/up", name), name).toBeNull();
    expect(safeEntryPath("/tmp/up", "a/./b/c.py")).toBe("/tmp/up/a/b/c.py");
  });
});

describe("receiving an upload", () => {
  const multipart = (files: Record<string, string>) => {
    const form = new FormData();
    for (const [name, content] of Object.entries(files)) form.append("files", new File([content], name));
    return new Request("http://studio.test/upload", { method: "POST", body: form });
  };

  it("streams each file to its own folder under its last path part", async () => {
    const target = await mkdtemp(path.join(os.tmpdir(), "rosetta-receive-"));
    const files = await receiveUpload({ request: multipart({ "../../a.py": GCD, "b.js": FIB }), dir: target, maxBytes: 1 << 20 });
    expect(files.map((f) => [f.name, path.relative(target, f.path), f.bytes])).toEqual([
      ["a.py", path.join("f-0", "a.py"), GCD.length],
      ["b.js", path.join("f-1", "b.js"), FIB.length],
    ]);
    expect(await Promise.all(files.map((f) => readFile(f.path, "utf8")))).toEqual([GCD, FIB]);
  });

  it("names the file it could not store, never the server's folder", async () => {
    const notAFolder = path.join(await mkdtemp(path.join(os.tmpdir(), "rosetta-receive-")), "a-file");
    await writeFile(notAFolder, "");
    const failed = receiveUpload({ request: multipart({ "naïve.py": GCD }), dir: notAFolder, maxBytes: 1 << 20 });
    await expect(failed).rejects.toMatchObject({
      status: 500,
      expose: true,
      message: "naïve.py could not be stored on the server (ENOTDIR); try again later.",
    });
  });

  it("refuses an upload over the cap with a 413, and a request that is not multipart with a 400", async () => {
    const target = await mkdtemp(path.join(os.tmpdir(), "rosetta-receive-"));
    await expect(receiveUpload({ request: multipart({ "big.py": "x".repeat(5000) }), dir: target, maxBytes: 4096 })).rejects.toMatchObject({
      status: 413,
      message: expect.stringContaining("The upload is over"),
    });
    const json = new Request("http://studio.test/upload", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expect(receiveUpload({ request: json, dir: target, maxBytes: 4096 })).rejects.toMatchObject({ status: 400 });
  });
});
