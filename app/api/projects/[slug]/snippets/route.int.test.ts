import os from "node:os";
import { strToU8, Zip, ZipPassThrough, zipSync, type ZipAttributes } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as uploadSnippets } from "@/app/api/projects/[slug]/snippets/route";
import { getDb } from "@/lib/db/client";
import type { UploadFileResult, UploadResult } from "@/lib/projects/config-types";
import { signedInUser } from "@/lib/testing/accounts";

/**
 * The snippet upload route over real requests (multipart bodies written byte by byte, as a browser
 * sends them) and a real database: what a curator gets for names, scripts, zips and JSONL.
 */

const base = "http://studio.test";
let cookie = "";
let projectId = "";

const GCD = "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n";
const FIB = "function fib(n) {\n  return n < 2 ? n : fib(n - 1) + fib(n - 2);\n}\n";

/** A multipart body with each file's name written as raw UTF-8 bytes, the way browsers send it. */
function multipart(files: { name: string; content: string | Uint8Array }[]): Request {
  const boundary = "----rosetta-test-boundary";
  const parts: Buffer[] = [];
  for (const { name, content } of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name.replaceAll('"', "%22")}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        "utf8",
      ),
    );
    parts.push(Buffer.from(content));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return new Request(`${base}/api/projects/up-route/snippets`, {
    method: "POST",
    headers: {
      cookie,
      origin: base,
      host: "studio.test",
      "content-type": `multipart/form-data; boundary=${boundary}`,
      "content-length": String(body.length),
    },
    body,
  });
}

async function upload(
  files: { name: string; content: string | Uint8Array }[],
): Promise<{ status: number; text: string; body: UploadResult }> {
  const response = await uploadSnippets(multipart(files), { params: Promise.resolve({ slug: "up-route" }) });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as UploadResult };
}

const resultFor = (body: UploadResult, file: string): UploadFileResult => body.files.find((f) => f.file === file)!;
const reasons = (result: UploadFileResult) => Object.fromEntries(result.skipped.map((s) => [s.reason, s.count]));
const symlink = (target: string): [Uint8Array, ZipAttributes] => [strToU8(target), { os: 3, attrs: (0o120777 << 16) >>> 0 }];

/** Nothing the server answers may show where it keeps uploads. */
function expectNoServerPath(text: string) {
  expect(text).not.toContain(os.tmpdir());
  expect(text).not.toContain("rosetta-upload-");
}

beforeAll(async () => {
  const db = getDb();
  projectId = (await db.project.create({ data: { slug: "up-route", name: "up-route", languages: [], settings: {} } })).id;
  ({ cookie } = await signedInUser(db, { email: "cur@up-route.test", project: { id: projectId, role: "CURATOR" } }));
});
afterAll(() => getDb().$disconnect());

describe("uploading snippets", () => {
  it("reads file names as UTF-8, as browsers send them", async () => {
    const { status, body, text } = await upload([
      { name: "données_été.py", content: "def ete():\n    return 'été'\n" },
      { name: "斐波那契.js", content: FIB },
    ]);
    expect(status, text).toBe(200);
    expect(body.files.map((f) => [f.file, f.imported])).toEqual([
      ["données_été.py", 1],
      ["斐波那契.js", 1],
    ]);
    const paths = (await getDb().snippet.findMany({ where: { projectId }, select: { path: true } })).map((row) => row.path);
    expect(paths).toEqual(expect.arrayContaining(["données_été.py", "斐波那契.js"]));
  });

  it("shortens a name too long for a file system on a character boundary, keeping its extension and the other files", async () => {
    const exact = `${"é".repeat(125)}_a.py`; // 255 bytes: allowed as it is
    const cjk = `${"数".repeat(120)}.py`; // 363 bytes
    const emoji = `${"😀".repeat(70)}.rs`; // 283 bytes, each character two UTF-16 units
    const { status, body, text } = await upload([
      { name: exact, content: "def first():\n    return 1\n" },
      { name: cjk, content: "def second():\n    return 2\n" },
      { name: emoji, content: "fn third() -> i32 {\n    3\n}\n" },
      { name: "gcd.py", content: GCD },
    ]);
    expect(status, text).toBe(200);
    expectNoServerPath(text);
    expect(body.imported).toBe(4);
    const [first, second, third, fourth] = body.files.map((f) => f.file);
    expect(first).toBe(exact);
    for (const [name, original, extension] of [
      [second!, cjk, ".py"],
      [third!, emoji, ".rs"],
    ] as const) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(Buffer.byteLength(name)).toBeGreaterThan(200);
      expect(name.endsWith(extension)).toBe(true);
      expect(original.startsWith(name.slice(0, -extension.length))).toBe(true);
      expect(Buffer.from(name, "utf8").toString("utf8")).toBe(name); // no half character left
    }
    expect(fourth).toBe("gcd.py");
    const languages = await getDb().snippet.findMany({
      where: { projectId, path: { in: [second!, third!] } },
      select: { language: true },
      orderBy: { language: "asc" },
    });
    expect(languages.map((row) => row.language)).toEqual(["python", "rust"]);
  });

  it("takes a script without extension as code by its shebang", async () => {
    const { status, body, text } = await upload([
      { name: "serve", content: "#!/usr/bin/env node\nconst http = require('http');\nconsole.log(http.STATUS_CODES[200]);\n" },
      { name: "deploy", content: '#!/bin/bash\nset -e\nfor host in a b; do echo "$host"; done\n' },
      { name: "report", content: "#!/usr/bin/env python3\nimport sys\nprint(len(sys.argv))\n" },
      { name: "NOTES", content: "plain words, no shebang\n" },
    ]);
    expect(status, text).toBe(200);
    expect(body.files.map((f) => [f.file, f.imported, f.skipped.map((s) => s.reason)])).toEqual([
      ["serve", 1, []],
      ["deploy", 1, []],
      ["report", 1, []],
      ["NOTES", 0, ["not-code"]],
    ]);
    const rows = await getDb().snippet.findMany({
      where: { projectId, path: { in: ["serve", "deploy", "report"] } },
      select: { path: true, language: true },
      orderBy: { path: "asc" },
    });
    expect(rows).toEqual([
      { path: "deploy", language: "bash" },
      { path: "report", language: "python" },
      { path: "serve", language: "javascript" },
    ]);
  });

  it("skips vendored folders and symlinks inside a zip as `rosetta import` skips them", async () => {
    const zip = zipSync({
      "app/main.py": strToU8("def main():\n    return 'zip'\n"),
      "app/tool": strToU8("#!/usr/bin/env python3\nprint('tool')\n"),
      "node_modules/left-pad/index.js": strToU8("module.exports = function leftPad() {};\n"),
      "vendor/github.com/x/y.go": strToU8("package y\n\nfunc Y() int { return 1 }\n"),
      "app/node_modules/deep/index.js": strToU8("module.exports = 2;\n"),
      "app/link.py": symlink("main.py"),
      "app/escape.py": symlink("/etc/passwd"),
    });
    const { status, body, text } = await upload([{ name: "project.zip", content: zip }]);
    expect(status, text).toBe(200);
    const result = resultFor(body, "project.zip");
    expect(result).toMatchObject({ imported: 2, error: null });
    expect(reasons(result)).toEqual({ vendored: 3, symlink: 2 });
    expect(result.skipped.find((s) => s.reason === "vendored")!.examples).toEqual(
      expect.arrayContaining(["node_modules/", "vendor/", "app/node_modules/"]),
    );
    expect(result.skipped.find((s) => s.reason === "symlink")!.examples).toEqual(
      expect.arrayContaining([expect.stringContaining("app/link.py")]),
    );
    const rows = await getDb().snippet.findMany({
      where: { projectId, path: { startsWith: "app/" } },
      select: { path: true },
      orderBy: { path: "asc" },
    });
    expect(rows.map((row) => row.path)).toEqual(["app/main.py", "app/tool"]);
  });

  it("rejects each JSONL line that is not valid UTF-8, with its number, and imports the others", async () => {
    const line = (value: object) => Buffer.from(JSON.stringify(value) + "\n");
    const jsonl = Buffer.concat([
      line({ code: "def one():\n    return 1\n", language: "python" }),
      Buffer.concat([
        Buffer.from('{"code":"def two():\\n    return \''),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\'\\n","language":"python"}\n'),
      ]),
      line({ code: "def three():\n    return 3\n", language: "python" }),
      Buffer.concat([Buffer.from('{"code":"def four():\\n    return 4\\n","path":"caf'), Buffer.from([0xe9]), Buffer.from('.py"}\n')]),
      Buffer.from('{"code":"def five():\\n    return \'\\ud800\'\\n","language":"python"}\n'),
    ]);
    const { status, body, text } = await upload([{ name: "lines.jsonl", content: jsonl }]);
    expect(status, text).toBe(200);
    const result = resultFor(body, "lines.jsonl");
    expect(result.imported).toBe(2);
    expect(reasons(result)).toEqual({ "invalid-utf8": 3 });
    expect(result.skipped[0]!.examples.map((e) => e.split(" ")[0])).toEqual(["lines.jsonl:2", "lines.jsonl:4", "lines.jsonl:5"]);
    const [{ replaced }] = await getDb().$queryRaw<
      [{ replaced: number }]
    >`select count(*)::int as replaced from snippets where project_id = ${projectId}::uuid and (code like ${"%\uFFFD%"} or path like ${"%\uFFFD%"})`;
    expect(replaced).toBe(0);
  });

  it("names the user's file, never a server path, whatever fails", async () => {
    const zip = zipWithRepeats([
      [`deep/${"n".repeat(300)}.py`, "def too_long_a_name():\n    return 1\n"],
      ["twice.py", "def first_copy():\n    return 1\n"],
      ["twice.py", "def second_copy():\n    return 2\n"], // as some archivers write a file added again
    ]);
    const { status, body, text } = await upload([
      { name: "names.zip", content: zip },
      { name: `${"x".repeat(400)}.py`, content: "def named_at_length():\n    return 400\n" },
    ]);
    expect(status, text).toBe(200);
    expectNoServerPath(text);
    const names = resultFor(body, "names.zip");
    expect(names.imported).toBe(2);
    expect(names.skipped).toEqual([{ reason: "duplicate-entry", count: 1, examples: [expect.stringMatching(/^twice\.py \(/)] }]);
    expect(body.files[1]).toMatchObject({ file: `${"x".repeat(252)}.py`, imported: 1 });
  });
});

/** A zip written entry by entry, so that one name can appear twice (zipSync keys by name). */
function zipWithRepeats(entries: [string, string][]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, content] of entries) {
    const entry = new ZipPassThrough(name);
    zip.add(entry);
    entry.push(strToU8(content), true);
  }
  zip.end();
  return Buffer.concat(chunks);
}
