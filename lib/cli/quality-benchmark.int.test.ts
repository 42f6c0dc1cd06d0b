import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
const run = (args: string[]) => rosetta(["quality", "benchmark", ...args], { DATABASE_URL: env.DATABASE_URL! });
let dir = "";
let projectId = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-bench-cli-"));
  projectId = (await db.project.create({ data: { slug: "bench-cli", name: "bench-cli", languages: [], settings: {} } })).id;
});

describe("rosetta quality benchmark", () => {
  it("adds a file, lists it with its problem count, and removes it, each audited", async () => {
    const file = path.join(dir, "team-eval.jsonl");
    await writeFile(
      file,
      ['{"task_id":"t/0","prompt":"Sort a list of words by length."}', '{"id":"t/1","solution":"def f(): pass"}'].join("\n"),
    );
    const added = await run(["add", file, "--project", "bench-cli"]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added benchmark "team-eval" to bench-cli: 2 problem(s).');
    const listed = await run(["list", "--project", "bench-cli"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^project\tteam-eval\t2\tteam-eval\.jsonl\t/m);
    expect(listed.stdout).toMatch(/^bundled\tHumanEval\t164$/m);
    const removed = await run(["remove", "team-eval", "--project", "bench-cli"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await db.benchmark.count({ where: { projectId } })).toBe(0);
    const audit = await db.auditEvent.findMany({ where: { projectId }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["benchmark.add", "benchmark.remove"]);
  });

  it("refuses a bad line, a missing file, an unknown project or name on stderr with a non-zero exit, storing nothing", async () => {
    const bad = path.join(dir, "bad.jsonl");
    await writeFile(bad, '{"task_id":"a","prompt":"fine"}\n{"task_id":"b"}\n');
    const refused = await run(["add", bad, "--project", "bench-cli", "--name", "bad"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/line 2/);
    expect(refused.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(await db.benchmark.count({ where: { projectId } })).toBe(0);
    const missing = await run(["add", path.join(dir, "nowhere.jsonl"), "--project", "bench-cli"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no such file");
    expect((await run(["list", "--project", "no-such-project"])).stderr).toContain('No project "no-such-project"');
    const unknown = await run(["remove", "never-added", "--project", "bench-cli"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('no benchmark named "never-added"');
  });
});
