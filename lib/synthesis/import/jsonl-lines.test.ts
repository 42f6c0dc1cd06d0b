import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonlLines } from "@/lib/synthesis/import/jsonl-lines";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "rosetta-jsonl-lines-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function linesOf(content: Buffer, maxLineBytes = 1 << 20): Promise<(string | number)[]> {
  const file = path.join(dir, `f-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, content);
  const seen: (string | number)[] = [];
  for await (const line of jsonlLines(file, { maxLineBytes }))
    seen.push("bytes" in line ? `${line.number}:${line.bytes.toString("latin1")}` : -line.overBytes);
  return seen;
}

describe("jsonlLines", () => {
  it("numbers lines from 1, drops the CR of CRLF, keeps bad bytes for the caller and a last line without LF", async () => {
    expect(await linesOf(Buffer.concat([Buffer.from("a\r\n\nb"), Buffer.from([0xff]), Buffer.from("\nlast")]))).toEqual([
      "1:a",
      "2:",
      "3:b\xff",
      "4:last",
    ]);
  });

  it("joins a line that spans the stream's chunks", async () => {
    const long = "x".repeat(200 * 1024);
    expect(await linesOf(Buffer.from(`${long}\nshort\n`))).toEqual([`1:${long}`, "2:short"]);
  });

  it("gives a line over the cap as its size only, and goes on with the next", async () => {
    expect(await linesOf(Buffer.from(`${"y".repeat(150 * 1024)}\nok\n`), 64 * 1024)).toEqual([-150 * 1024, "2:ok"]);
  });
});
