import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { newSecretKey } from "@/lib/llm/secrets";
import { rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
// A key of its own: the CLI would otherwise keep one in the data folder.
const run = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL!, ROSETTA_SECRET_KEY: newSecretKey() });
const row = (name: string) => db.endpointProfile.findUniqueOrThrow({ where: { name } });

describe("rosetta endpoint", () => {
  it("adds a profile with its limits and structured-output mode, and lists them", async () => {
    const added = await run([
      "endpoint",
      "add",
      "--name",
      "cli-vllm",
      "--base-url",
      "http://127.0.0.1:8000/v1",
      "--model",
      "qwen",
      "--max-tokens",
      "2048",
      "--max-output-tokens",
      "8192",
      "--structured-output",
      "json_schema",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Added endpoint profile "cli-vllm"');
    expect(await row("cli-vllm")).toMatchObject({ maxTokens: 2048, maxOutputTokens: 8192, structuredOutput: "JSON_SCHEMA" });
    expect(await db.auditEvent.findFirst({ where: { action: "endpoint.create" } })).toMatchObject({
      actorLabel: expect.stringMatching(/^rosetta CLI/),
    });

    await run(["endpoint", "add", "--name", "cli-auto", "--base-url", "http://127.0.0.1:11434/v1", "--model", "llama"]);
    await db.endpointProfile.update({
      where: { name: "cli-auto" },
      data: { structuredOutputDetected: "JSON_OBJECT", structuredOutputProbedAt: new Date() },
    });
    const listed = await run(["endpoint", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/cli-vllm .*max tokens 2048, retry ceiling 8192, structured output json_schema\n/);
    expect(listed.stdout).toMatch(
      /cli-auto .*max tokens role default, retry ceiling default, structured output auto \(detected: json_object\)/,
    );
  });

  it("refuses a bad value on add with one line naming the flag, adding nothing", async () => {
    for (const [args, message] of [
      [["--max-tokens", "lots"], "--max-tokens: a whole number above 0"],
      [["--structured-output", "grammar"], "--structured-output: one of auto, json_schema, json_object, none"],
      [
        ["--max-tokens", "4096", "--max-output-tokens", "1024"],
        "--max-output-tokens: max output tokens (1024) must be at least max tokens (4096)",
      ],
    ] as const) {
      const bad = await run(["endpoint", "add", "--name", "cli-bad", "--base-url", "http://x/v1", "--model", "m", ...args]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(message);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(await db.endpointProfile.count({ where: { name: "cli-bad" } })).toBe(0);
  });

  it("edits only the options given, audited, forgetting the probe when the server may differ", async () => {
    const before = await row("cli-auto");
    const edited = await run([
      "endpoint",
      "edit",
      "cli-auto",
      "--max-tokens",
      "1000",
      "--max-output-tokens",
      "4000",
      "--temperature",
      "0.3",
      "--api-key",
      "sk-cli-secret",
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain(
      'Updated endpoint profile "cli-auto": max-tokens none → 1000, max-output-tokens none → 4000, temperature none → 0.3, api key set.',
    );
    expect(edited.stdout).not.toContain("sk-cli-secret");
    // Limits are not the server: what AUTO detected stays.
    expect(await row("cli-auto")).toMatchObject({
      baseUrl: before.baseUrl,
      model: "llama",
      maxTokens: 1000,
      maxOutputTokens: 4000,
      temperature: 0.3,
      structuredOutputDetected: "JSON_OBJECT",
    });
    const audit = await db.auditEvent.findFirst({ where: { action: "endpoint.update", targetId: before.id } });
    expect(audit).toMatchObject({ before: { maxTokens: null }, after: { maxTokens: 1000, hasApiKey: true } });
    expect(JSON.stringify(audit)).not.toContain("sk-cli-secret");

    const moved = await run([
      "endpoint",
      "edit",
      "cli-auto",
      "--base-url",
      "http://127.0.0.1:8080/v1",
      "--temperature",
      "none",
      "--no-api-key",
    ]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain("The structured-output mode will be probed again on the next call.");
    expect(await row("cli-auto")).toMatchObject({
      baseUrl: "http://127.0.0.1:8080/v1",
      temperature: null,
      apiKeyCiphertext: null,
      structuredOutputDetected: null,
      structuredOutputProbedAt: null,
    });
  });

  it("refuses a bad edit with one line and exit 1, changing nothing", async () => {
    const before = await row("cli-vllm");
    for (const [args, message] of [
      [["cli-vllm", "--max-output-tokens", "100"], "max output tokens (100) must be at least max tokens (2048)"],
      [["cli-vllm", "--max-concurrency", "0", "--model", "other"], "--max-concurrency:"],
      [["cli-vllm", "--structured-output", "xml"], "--structured-output: one of auto"],
      [["cli-vllm", "--base-url", "ftp://x"], "--base-url: must be an http(s) URL"],
      [["cli-vllm"], "Nothing to change"],
      [["nobody", "--max-tokens", "5"], 'No endpoint profile "nobody".'],
    ] as const) {
      const bad = await run(["endpoint", "edit", ...args]);
      expect(bad.code, args.join(" ")).toBe(1);
      expect(bad.stderr).toContain(message);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(await row("cli-vllm")).toEqual(before);
    expect(await db.auditEvent.count({ where: { action: "endpoint.update", targetId: before.id } })).toBe(0);
  });
});
