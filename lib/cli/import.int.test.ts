import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { strToU8, zipSync, type ZipAttributes } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as uploadSnippets } from "@/app/api/projects/[slug]/snippets/route";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import type { UploadResult } from "@/lib/projects/config-types";
import { signedInUser } from "@/lib/testing/accounts";
import { rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
const run = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL! });
let root = "";

/** A small repository: scripts known by their shebang, vendored folders and links that are passed over. */
const TREE: Record<string, string> = {
  "src/main.py": "def main():\n    return 'tree'\n",
  serve: "#!/usr/bin/env node\nconst http = require('http');\nconsole.log(http.STATUS_CODES[200]);\n",
  build: '#!/bin/bash\nset -e\nfor target in a b; do echo "$target"; done\n',
  "bin/report": "#!/usr/bin/env python3\nimport sys\nprint(len(sys.argv))\n",
  "node_modules/left-pad/index.js": "module.exports = function leftPad() {};\n",
  "vendor/lib/y.go": "package y\n\nfunc Y() int { return 1 }\n",
  "web/node_modules/deep/index.js": "module.exports = 2;\n",
};
const LINKS: Record<string, string> = { "src/link.py": "main.py", "src/escape.py": "/etc/passwd" };

async function writeTree(at: string) {
  for (const [file, content] of Object.entries(TREE)) {
    await mkdir(path.dirname(path.join(at, file)), { recursive: true });
    await writeFile(path.join(at, file), content);
  }
  for (const [file, target] of Object.entries(LINKS)) await symlink(target, path.join(at, file));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "rosetta-cli-import-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await db.$disconnect();
});

describe("rosetta import", () => {
  it("rejects each JSONL line that is not UTF-8 by its number, imports the others and says why", async () => {
    const line = (value: object) => Buffer.from(JSON.stringify(value) + "\n");
    const file = path.join(root, "lines.jsonl");
    await writeFile(
      file,
      Buffer.concat([
        line({ code: "def one():\n    return 1\n", language: "python" }),
        Buffer.concat([
          Buffer.from('{"code":"def two():\\n    return \''),
          Buffer.from([0xff]),
          Buffer.from('\'\\n","language":"python"}\n'),
        ]),
        line({ code: "def three():\n    return 3\n", language: "python" }),
        Buffer.concat([Buffer.from('{"code":"def four():\\n    return 4\\n","path":"caf'), Buffer.from([0xe9]), Buffer.from('.py"}\r\n')]),
        Buffer.from('{"code":"def five():\\n    return \'\\udc00\'\\n","language":"python"}\n'),
        line({ code: "def six():\n    return 'six ✓'\n", language: "python" }),
      ]),
    );
    const { code, stdout, stderr } = await run(["import", file, "--project", "cli-utf8"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Imported 3 snippet(s) into "cli-utf8"; skipped 3.');
    expect(stdout).toMatch(
      /skipped, invalid-utf8: 3\n +\S*lines\.jsonl:2 \(not valid UTF-8: byte 0xff at column 34\)\n +\S*lines\.jsonl:4 \(not valid UTF-8: byte 0xe9 at column 50\)\n +\S*lines\.jsonl:5 \("code" has half of a surrogate pair/,
    );
    const rows = await db.snippet.findMany({ where: { project: { slug: "cli-utf8" } }, select: { code: true }, orderBy: { code: "asc" } });
    expect(rows.map((row) => row.code.split("\n")[0])).toEqual(["def one():", "def six():", "def three():"]);
    expect(rows.some((row) => row.code.includes("\uFFFD"))).toBe(false);
  });

  it("reads scripts by their shebang and passes over vendored folders and links, in a git working tree too", async () => {
    const repo = path.join(root, "repo");
    await writeTree(repo);
    execFileSync("git", ["-C", repo, "init", "-q"]);
    const { code, stdout, stderr } = await run(["import", repo, "--project", "cli-tree"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain('Imported 4 snippet(s) into "cli-tree"');
    expect(stdout).toMatch(/skipped, vendored: 3\n/);
    expect(stdout).toMatch(/skipped, symlink: 2\n/);
    const rows = await db.snippet.findMany({
      where: { project: { slug: "cli-tree" } },
      select: { path: true, language: true },
      orderBy: { path: "asc" },
    });
    expect(rows).toEqual([
      { path: "bin/report", language: "python" },
      { path: "build", language: "bash" },
      { path: "serve", language: "javascript" },
      { path: "src/main.py", language: "python" },
    ]);
  });

  it("imports a folder as the studio imports the same folder zipped", async () => {
    const folder = path.join(root, "folder");
    await writeTree(folder);
    const cli = await run(["import", folder, "--project", "cli-folder"]);
    expect(cli.code, cli.stderr).toBe(0);
    const counts = (text: string) => Object.fromEntries([...text.matchAll(/skipped, ([\w-]+): (\d+)/g)].map((m) => [m[1], Number(m[2])]));

    const project = await db.project.create({ data: { slug: "zip-folder", name: "zip-folder", languages: [], settings: {} } });
    const { cookie } = await signedInUser(db, { email: "cur@zip-folder.test", project: { id: project.id, role: "CURATOR" } });
    const link = (target: string): [Uint8Array, ZipAttributes] => [strToU8(target), { os: 3, attrs: (0o120777 << 16) >>> 0 }];
    const zip = zipSync({
      ...Object.fromEntries(Object.entries(TREE).map(([file, content]) => [file, strToU8(content)])),
      ...Object.fromEntries(Object.entries(LINKS).map(([file, target]) => [file, link(target)])),
    });
    const form = new FormData();
    form.append("files", new File([zip], "folder.zip"));
    const response = await uploadSnippets(
      new Request("http://studio.test/api/projects/zip-folder/snippets", {
        method: "POST",
        headers: { cookie, origin: "http://studio.test", host: "studio.test" },
        body: form,
      }),
      { params: Promise.resolve({ slug: "zip-folder" }) },
    );
    expect(response.status).toBe(200);
    const [result] = ((await response.json()) as UploadResult).files;
    expect(Object.fromEntries(result!.skipped.map((s) => [s.reason, s.count]))).toEqual(counts(cli.stdout));

    const paths = async (slug: string) =>
      (await db.snippet.findMany({ where: { project: { slug } }, select: { path: true }, orderBy: { path: "asc" } })).map(
        (row) => row.path,
      );
    expect(await paths("zip-folder")).toEqual(await paths("cli-folder"));
    expect(await paths("cli-folder")).toEqual(["bin/report", "build", "serve", "src/main.py"]);
  });
});
