import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { rosetta } from "@/lib/testing/cli";

const SEMVER =
  "Write a Swift function that parses a semantic version string like 1.4.2-beta and compares two versions, prerelease tags sorting before releases.";

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-quality-cli-"));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");

describe("rosetta quality check", () => {
  it("writes one line per item in input order and a summary: a Lua item leaking MBPP, an exact copy, a project benchmark", async () => {
    const dir = await folder({
      "items.jsonl": jsonl([
        {
          id: "lua-leak",
          language: "lua",
          instruction:
            "Write a Lua function to find the minimum cost path to reach (m, n) from (0, 0) for the given cost matrix cost[][] and a position (m, n) in cost[][].",
          solution: "function min_cost(cost, m, n)\n  return 0\nend",
        },
        { id: "semver", language: "swift", instruction: SEMVER },
        { id: 3, language: "swift", instruction: SEMVER, tests: "assert(true)" },
        {
          id: "house",
          language: "zig",
          instruction: "In Zig: parse an ISO 8601 duration such as P3DT4H into seconds, rejecting weeks mixed with days.",
        },
      ]),
      "house-bench.jsonl": jsonl([
        { task_id: "H/1", statement: "Parse an ISO 8601 duration such as P3DT4H into seconds, rejecting weeks mixed with days." },
      ]),
    });
    const out = path.join(dir, "flags.jsonl");
    const { code, stdout, stderr } = await rosetta([
      "quality",
      "check",
      path.join(dir, "items.jsonl"),
      "--out",
      out,
      "--benchmark",
      path.join(dir, "house-bench.jsonl"),
    ]);
    expect(stderr).toMatch(
      /4 item\(s\) in [\d.]+ s: 2 contaminated \((MBPP 1, house-bench 1|house-bench 1, MBPP 1)\), 1 near-duplicate\(s\)/,
    );
    expect(code).toBe(0);
    expect(stdout).toBe("");
    const lines = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id ?? "summary")).toEqual(["lua-leak", "semver", 3, "house", "summary"]);
    expect(lines[0]).toMatchObject({ contaminated: true, benchmark: "MBPP", taskId: "MBPP/1", field: "instruction", score: 1 });
    expect(lines[0]!.overlap).toMatch(/^find the minimum cost path to reach \(m, n\) from \(0, 0\)/);
    expect(lines[1]).toEqual({ id: "semver", contaminated: false });
    expect(lines[2]).toEqual({ id: 3, contaminated: false, duplicateOf: "semver" });
    expect(lines[3]).toMatchObject({ id: "house", contaminated: true, benchmark: "house-bench", taskId: "H/1" });
    expect(lines[4]).toEqual({
      summary: { items: 4, contaminated: 2, duplicates: 1, crossLingual: 0, byBenchmark: { MBPP: 1, "house-bench": 1 } },
    });
  });

  it("writes to standard output without --out", async () => {
    const dir = await folder({
      "items.jsonl": jsonl([{ id: "a", language: "python", instruction: "Return the longest palindromic substring of a string." }]),
    });
    const { code, stdout } = await rosetta(["quality", "check", path.join(dir, "items.jsonl")]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual([
      JSON.stringify({ id: "a", contaminated: false }),
      JSON.stringify({ summary: { items: 1, contaminated: 0, duplicates: 0, crossLingual: 0, byBenchmark: {} } }),
    ]);
  });

  it.each([
    ["a line that is not JSON", `${jsonl([{ id: "a", language: "go", instruction: "x" }])}\n{oops`, /items\.jsonl, line 2: not JSON/],
    ["a missing instruction", jsonl([{ id: "a", language: "go" }]), /items\.jsonl, line 1: instruction: missing/],
    ["a missing id", jsonl([{ language: "go", instruction: "x" }]), /items\.jsonl, line 1: id: missing/],
    [
      "a duplicate id",
      jsonl([
        { id: "a", language: "go", instruction: "x" },
        { id: "a", language: "rust", instruction: "y" },
      ]),
      /items\.jsonl, line 2: the id "a" appears twice \(first on line 1\)/,
    ],
  ])("refuses %s with exit 2, naming the line, writing nothing", async (_what, content, message) => {
    const dir = await folder({ "items.jsonl": content });
    const { code, stdout, stderr } = await rosetta([
      "quality",
      "check",
      path.join(dir, "items.jsonl"),
      "--out",
      path.join(dir, "flags.jsonl"),
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe("");
    expect(await readdir(dir)).toEqual(["items.jsonl"]);
  });

  it("names a missing items file or a bad benchmark file, exit 2", async () => {
    const missing = await rosetta(["quality", "check", "/nonexistent/items.jsonl"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No such file: /nonexistent/items.jsonl");
    const dir = await folder({ "items.jsonl": jsonl([{ id: "a", language: "go", instruction: "x" }]), "bench.jsonl": '{"id": "b1"}\n' });
    const bad = await rosetta(["quality", "check", path.join(dir, "items.jsonl"), "--benchmark", path.join(dir, "bench.jsonl")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bench\.jsonl, line 1: neither a statement/);
  });
});
