import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { rosetta } from "@/lib/testing/cli";

const support = isolationSupport();

describe.skipIf(!support.ok)(`rosetta verify${support.ok ? "" : ` (skipped: ${support.reason})`}`, () => {
  it("writes one result per item in input order, a reason for every bad line, a summary, and exits 0", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-verify-cli-"));
    const items = path.join(dir, "items.jsonl");
    const out = path.join(dir, "results.jsonl");
    await writeFile(
      items,
      [
        JSON.stringify({ id: "ok", language: "python", code: "def inc(x):\n    return x + 1", tests: "assert inc(1) == 2" }),
        JSON.stringify({
          id: "wrong",
          language: "javascript",
          code: "const inc = (x) => x;",
          tests: "console.assert(inc(1) === 2, 'inc(1)');",
        }),
        "{not json",
        JSON.stringify({ id: 4, language: "cobol", code: "x", tests: "y" }),
        JSON.stringify({ id: "slow", language: "bash", code: "sleep 30", tests: "" }),
      ].join("\n"),
    );
    const { code, stderr } = await rosetta(["verify", items, "--out", out, "--concurrency", "2"]);
    expect(code).toBe(0);
    const results = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string | number; status: string; reason: string; durationMs: number });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ["ok", "pass"],
      ["wrong", "fail"],
      ["line 3", "error"],
      [4, "error"],
      ["slow", "timeout"],
    ]);
    expect(results[1]!.reason).toMatch(/console.assert failed/);
    expect(results[2]!.reason).toMatch(/^line 3: not JSON/);
    expect(results[3]!.reason).toMatch(/unsupported language "cobol"/);
    expect(results[4]!.reason).toMatch(/wall-time limit/);
    expect(stderr).toMatch(/5 item\(s\) in [\d.]+ s: 1 pass, 1 fail, 2 error, 1 timeout/);
  }, 60_000);

  it("names a missing file without a stack trace", async () => {
    const { code, stderr } = await rosetta(["verify", "/nonexistent/items.jsonl"]);
    expect(code).toBe(1);
    expect(stderr).toContain("No such file: /nonexistent/items.jsonl");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
