import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as uploadSnippets } from "@/app/api/projects/[slug]/snippets/route";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { FORMATS } from "@/lib/datasets/export/formats";
import { startWorker } from "@/lib/jobs/worker";
import { importSnippets } from "@/lib/synthesis/import/import-snippets";
import { startRun } from "@/lib/synthesis/runs";
import { runImport } from "@/lib/cli/import";
import type { UploadResult } from "@/lib/projects/config-types";
import { signedInUser } from "@/lib/testing/accounts";
import { rosetta } from "@/lib/testing/cli";
import { createSynthesisProject, waitForRun } from "@/lib/testing/synthesis";
import { startModelServer } from "@/model-server/server";

const db = createDb(env.DATABASE_URL!);
let root = "";
const project = (slug: string, languages: string[]) => db.project.create({ data: { slug, name: slug, languages, settings: {} } });
const write = async (name: string, lines: (object | string)[]) => {
  const file = path.join(root, name);
  await writeFile(file, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n") + "\n");
  return file;
};

const ADD = "```python\ndef add(a, b):\n    return a + b\n```";
const REVERSE = "def reverse(s):\n    return s[::-1]\n";

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "rosetta-instructions-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await db.$disconnect();
});

describe("importing an instruction set", () => {
  it("reads each shape, reports bad lines by number and keeps the pairs' provenance", async () => {
    const { id: projectId } = await project("instr-shapes", ["python", "go"]);
    const file = await write("mixed.jsonl", [
      { instruction: "Write a function that adds two numbers.", response: ADD },
      {
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Reverse a string in Python." },
          { role: "assistant", content: REVERSE },
          { role: "user", content: "And in place?" },
          { role: "assistant", content: "Strings are immutable." },
        ],
      },
      {
        conversations: [
          { from: "human", value: "Double a number in Go." },
          { from: "gpt", value: "```go\nfunc double(x int) int {\n\treturn x * 2\n}\n```" },
        ],
      },
      {
        instruction: "Square each item.",
        input: "items = [1, 2]",
        output: "def squares(items):\n    return [i * i for i in items]\n",
        license: "MIT",
      },
      "{ not json",
      { prompt: "no such shape" },
      { instruction: "Nothing to say.", response: "   " },
      { instruction: "Write a Rust hello.", response: '```rust\nfn main() {\n    println!("hi");\n}\n```' },
      { instruction: "Write a function that adds two numbers.", output: ADD },
      {
        messages: [
          { role: "assistant", content: "I start." },
          { role: "user", content: "No." },
        ],
      },
    ]);
    const summary = await importSnippets({
      db,
      projectId,
      inputs: [file],
      instructions: { format: "auto", license: "CC-BY-4.0", sourceName: "acme/instruct" },
    });
    expect(summary.imported).toBe(4);
    expect(summary.byLanguage).toEqual({ python: 3, go: 1 });
    const where = (line: number) => expect.stringContaining(`${file}:${line}`);
    expect(summary.reasons["malformed-jsonl"]?.examples).toEqual([where(5)]);
    expect(summary.reasons["unknown-shape"]?.examples).toEqual([where(6), where(10)]);
    expect(summary.reasons.empty?.examples).toEqual([`${file}:7 (empty response)`]);
    expect(summary.reasons["language-not-in-project"]?.examples).toEqual([`${file}:8 (rust)`]);
    expect(summary.reasons.duplicate?.examples).toEqual([`${file}:9`]);

    const rows = await db.snippet.findMany({ where: { projectId }, orderBy: { path: "asc" } });
    expect(rows.map((r) => [r.path, r.source, r.language, r.license, r.repo])).toEqual([
      ["mixed.jsonl:1", "INSTRUCTIONS", "python", "CC-BY-4.0", "acme/instruct"],
      ["mixed.jsonl:2", "INSTRUCTIONS", "python", "CC-BY-4.0", "acme/instruct"],
      ["mixed.jsonl:3", "INSTRUCTIONS", "go", "CC-BY-4.0", "acme/instruct"],
      ["mixed.jsonl:4", "INSTRUCTIONS", "python", "MIT", "acme/instruct"],
    ]);
    // The first exchange of a conversation; Alpaca's input belongs to the instruction.
    expect(rows[1]).toMatchObject({ instruction: "Reverse a string in Python.", code: REVERSE });
    expect(rows[3]!.instruction).toBe("Square each item.\n\nitems = [1, 2]");

    // Forced to a shape, a record of another shape is reported, not guessed.
    const forced = await importSnippets({ db, projectId, inputs: [file], instructions: { format: "sharegpt" } });
    expect(forced.imported).toBe(0);
    expect(forced.reasons["unknown-shape"]?.count).toBe(8);
  });

  it("imports back what Rosetta's exports write (chat messages, ShareGPT, Alpaca)", async () => {
    const { id: projectId } = await project("instr-round-trip", []);
    const items = [
      { position: 0, key: "candidate:a", instruction: "Add two numbers in Python.", solution: ADD },
      { position: 1, key: "candidate:b", instruction: "Reverse a string in Python.", solution: REVERSE },
    ];
    for (const format of ["sft", "sharegpt", "alpaca"] as const) {
      const file = await write(
        `export-${format}.jsonl`,
        items.map((item) => FORMATS[format].record(item)),
      );
      const summary = await importSnippets({ db, projectId, inputs: [file], instructions: { format: "auto" } });
      // The three exports hold the same pairs: the first imports them, the others are duplicates.
      expect([format, summary.imported + (summary.reasons.duplicate?.count ?? 0), summary.skipped]).toEqual([
        format,
        2,
        format === "sft" ? 0 : 2,
      ]);
    }
    const rows = await db.snippet.findMany({ where: { projectId }, orderBy: { path: "asc" } });
    expect(rows.map((r) => [r.instruction, r.code])).toEqual(items.map((i) => [i.instruction, i.solution]));
  });

  it("the CLI warns about skipped lines (exit 0) and fails an all-bad file with its reasons (exit 2)", async () => {
    const cli = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL! });
    const some = await write("some.jsonl", [{ instruction: "Add two numbers in Python.", response: ADD }, "nope"]);
    const ok = await cli(["import", "--instructions", some, "--project", "instr-cli", "--languages", "python"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("Imported 1 instruction pair(s)");
    expect(ok.stdout).toContain(`${some}:2`);
    expect(ok.stderr).toContain("1 line(s) skipped");
    const bad = await write("bad.jsonl", [{ q: 1 }, { instruction: "", response: "x" }]);
    const failed = await cli(["import", "--instructions", bad, "--project", "instr-cli"]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`unknown-shape: ${bad}:1`);
    expect(failed.stderr).toContain(`empty: ${bad}:2`);
    await expect(runImport([], { project: "instr-cli", format: "yaml", maxTokens: "1024", maxBytes: "1024" })).rejects.toThrow(/--format/);
  });

  it("the studio upload takes an instruction set, reports its lines, audits it, and refuses an unknown choice", async () => {
    const { id: projectId } = await project("instr-upload", ["python"]);
    const { cookie } = await signedInUser(db, { email: "cur@instr-upload.test", project: { id: projectId, role: "CURATOR" } });
    const upload = (as: string, name: string, body: string) => {
      const form = new FormData();
      form.append("files", new File([body], name));
      return uploadSnippets(
        new Request(`http://studio.test/api/projects/instr-upload/snippets?as=${as}`, {
          method: "POST",
          headers: { cookie, origin: "http://studio.test", host: "studio.test" },
          body: form,
        }),
        { params: Promise.resolve({ slug: "instr-upload" }) },
      );
    };
    const lines = [
      JSON.stringify({
        conversations: [
          { from: "human", value: "Reverse a string." },
          { from: "gpt", value: REVERSE },
        ],
      }),
      "[]",
    ];
    const response = await upload("instructions", "pairs.jsonl", lines.join("\n"));
    expect(response.status).toBe(200);
    const { files } = (await response.json()) as UploadResult;
    expect(files[0]).toMatchObject({ kind: "instructions", imported: 1, error: null });
    expect(files[0]!.skipped).toEqual([{ reason: "unknown-shape", count: 1, examples: [expect.stringMatching(/^pairs\.jsonl:2 /)] }]);
    expect(await db.snippet.findFirst({ where: { projectId } })).toMatchObject({
      source: "INSTRUCTIONS",
      instruction: "Reverse a string.",
    });
    expect(await db.auditEvent.count({ where: { projectId, action: "snippets.import-instructions" } })).toBe(1);

    const allBad = (await (await upload("instructions", "bad.jsonl", "{}\n")).json()) as UploadResult;
    expect(allBad.files[0]!.error).toMatch(/^Nothing could be imported: unknown-shape: bad\.jsonl:1/);
    const refused = await upload("recipes", "pairs.jsonl", lines[0]!);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });

  it("the seed stage scores imported pairs as they are, keeps them by the threshold and makes items and agents of the kept", async () => {
    // wrongRate 0: only the thin pair (a one-line answer) is rated low.
    const server = await startModelServer({ port: 0, seed: 5, wrongRate: 0, ttftMs: 1, tokensPerSecond: 50_000 });
    const worker = await startWorker({ databaseUrl: env.DATABASE_URL!, concurrency: 4, secretKey: undefined, log: () => undefined });
    try {
      const { projectId } = await createSynthesisProject({ db, slug: "instr-seed", baseUrl: server.url, snippets: [] });
      await db.project.update({ where: { id: projectId }, data: { languages: ["python"] } });
      const file = await write("seeds.jsonl", [
        { instruction: "Write a Python function that adds two numbers.", response: ADD },
        { instruction: "Write a Python function that reverses a string.", response: REVERSE },
        { instruction: "Print the number one in Python.", response: "print(1)", language: "python" },
      ]);
      expect((await importSnippets({ db, projectId, inputs: [file], instructions: { format: "auto" } })).imported).toBe(3);
      const run = await startRun({ db, projectId, stages: ["SEED", "AGENTS"] });
      expect(await waitForRun(db, run.id, 60_000)).toBe("SUCCEEDED");

      const seeds = await db.seedSample.findMany({ where: { projectId }, include: { snippet: true, item: true, agents: true } });
      expect(seeds.every((s) => s.kind === "IMPORTED")).toBe(true); // no Ds1/Ds2 generation for a pair
      const byStatus = (status: string) => seeds.filter((s) => s.status === status);
      expect(byStatus("DROPPED").map((s) => s.solution)).toEqual(["print(1)"]);
      expect(
        byStatus("KEPT")
          .map((s) => [s.instruction, s.solution])
          .sort(),
      ).toEqual(
        seeds
          .filter((s) => s.solution !== "print(1)")
          .map((s) => [s.snippet.instruction, s.snippet.code])
          .sort(),
      );
      for (const seed of byStatus("KEPT")) {
        expect(seed.totalScore).toBeGreaterThanOrEqual(3.5);
        expect(seed.item).toMatchObject({ source: "IMPORTED", language: "python" });
        expect(seed.agents).toHaveLength(1);
      }
      expect(byStatus("DROPPED")[0]!.item).toBeNull();
    } finally {
      await worker.stop("test done");
      await server.close();
    }
  });
});
