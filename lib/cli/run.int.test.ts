import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { startModelServer, type RunningModelServer } from "@/model-server/server";
import { createEndpointProfile } from "@/lib/llm/profiles";
import { newSecretKey } from "@/lib/llm/secrets";
import { isolationSupport } from "@/lib/sandbox/isolation";
import { rosetta } from "@/lib/testing/cli";
import { startJunkProxy } from "@/lib/testing/junk-proxy";
import { createSynthesisProject, testSnippets } from "@/lib/testing/synthesis";

const db = createDb(env.DATABASE_URL!);
let server: RunningModelServer;
beforeAll(async () => {
  // No evolution eliminated: DPO below needs two candidates.
  server = await startModelServer({ port: 0, seed: 3, eliminateRate: 0, ttftMs: 5, tokensPerSecond: 20_000 });
});
afterAll(async () => {
  await server?.close();
  await db.$disconnect();
});

/** Every run gets the test database and a throwaway key (it never reaches the data folder's). */
const run = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL!, ROSETTA_SECRET_KEY: newSecretKey() });

describe("rosetta run", () => {
  it("runs the stages with its own worker when none is alive, and prints a summary per stage and language", async () => {
    await createSynthesisProject({ db, slug: "cli-run", baseUrl: server.url, snippets: testSnippets(2) });
    // The default stages end with the independent check, which needs the sandbox to run code.
    const sandbox = isolationSupport().ok;
    const { code, stdout, stderr } = await run([
      "run",
      "--project",
      "cli-run",
      "--limit",
      "6",
      ...(sandbox ? [] : ["--stages", "seed,agents,discuss"]),
    ]);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(code).toBe(0);
    expect(stdout).toContain("running one here");
    expect(stdout).toMatch(/Run [0-9a-f-]{36}: succeeded · [\d,]+ tokens/);
    // A seed item is one (snippet, kind) pair: six snippets, twelve pairs.
    expect(stdout).toMatch(/seed: 12 done, 0 failed/);
    expect(stdout).toMatch(/discuss: \d+ done, 0 failed/);
    if (sandbox) expect(stdout).toMatch(/solve: 6 done, 0 failed/);
    // --limit samples across languages: six snippets from six different languages.
    const seedBlock = stdout.slice(stdout.indexOf("seed:"), stdout.indexOf("agents:"));
    expect(seedBlock.match(/^\s{4}\w+\s+2 done .* pairs \d kept, \d dropped$/gm)).toHaveLength(6);
    expect(stderr).toMatch(/seed\s+█+ 12\/12/);
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^✔ SUCCEEDED \(\d+ items, none failed\)$/);
    // Mutations from the CLI are audited like any other.
    expect(await db.auditEvent.findFirst({ where: { action: "run.start" } })).toMatchObject({
      actorLabel: expect.stringMatching(/^rosetta CLI \(/),
      after: { stages: ["SEED", "AGENTS", "DISCUSS", ...(sandbox ? ["SOLVE"] : [])], limit: 6 },
    });

    // The discussions verify their candidates already; DPO samples this run's, from the response
    // generator (no policy bound), and says so, with the all-pass / all-fail shares per language.
    if (!sandbox) return;
    const more = await run(["run", "--project", "cli-run", "--stages", "discuss,verify,dpo", "--limit", "2"]);
    expect(more.code, more.stderr).toBe(0);
    expect(more.stdout).toMatch(/verify: 0 done, 0 failed/);
    expect(more.stdout).toMatch(/dpo: [1-9]\d* done, 0 failed/);
    expect(more.stdout).toContain(
      "⚠ DPO samples came from the response generator: bind a policy endpoint to sample from the model being trained",
    );
    expect(more.stdout).toMatch(/dpo \w+\s+\d+ queries\s+\d+ pairs · ALL_PASS [\d.]+ % · ALL_FAIL [\d.]+ %/);
  }, 240_000);

  it("says loudly when a run lost items: failures per stage with their share and top reasons, FINISHED WITH FAILURES or FAILED last, a non-zero exit", async () => {
    // Python's Ds1 instruction comes back as prose, every time.
    const proxy = await startJunkProxy({
      target: server.url,
      junk: (request) =>
        request.role === "instruction_generator" &&
        request.language === "python" &&
        request.text.includes("Write a programming problem (an instruction)"),
    });
    const broken = await startModelServer({ port: 0, seed: 4, ttftMs: 1, tokensPerSecond: 50_000, faults: { malformed: 1 } });
    try {
      const snippets = testSnippets(1);
      await createSynthesisProject({ db, slug: "cli-lossy", baseUrl: proxy.url, snippets });
      const lossy = await run(["run", "--project", "cli-lossy", "--stages", "seed,agents"]);
      expect(lossy.stderr).not.toMatch(/\n\s+at /);
      expect(lossy.code).toBe(1);
      const pairs = snippets.length * 2;
      expect(lossy.stdout).toMatch(/Run [0-9a-f-]{36}: finished with failures · /);
      expect(lossy.stdout).toContain(`  seed: ${pairs - 1} done, 1 failed (${((1 / pairs) * 100).toFixed(1)} %)\n`);
      expect(lossy.stdout).toMatch(/^ {4}✖ 1 × BadOutput from cli-lossy-model .*repair round.* \(e\.g\. [0-9a-f-]{36}:DS1\)$/m);
      expect(lossy.stdout).toContain("  agents: 1 done, 0 failed\n");
      expect(lossy.stdout.trimEnd().split("\n").at(-1)).toBe(
        `✖ FINISHED WITH FAILURES (1 of ${pairs + 1} items failed): seed 1 of ${pairs} failed`,
      );

      await createSynthesisProject({ db, slug: "cli-broken", baseUrl: broken.url, snippets: snippets.slice(0, 1) });
      const failed = await run(["run", "--project", "cli-broken", "--stages", "seed,agents,discuss"]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain("  seed: 0 done, 2 failed (100.0 %)\n");
      // Both seeds' answers were cut off (each reason grouped with its count: one line, or two when they were cut in different places).
      const cutOff = [...failed.stdout.matchAll(/^ {4}✖ (\d+) × BadOutput from cli-broken-model /gm)].reduce((n, m) => n + Number(m[1]), 0);
      expect(cutOff).toBe(2);
      expect(failed.stdout).toMatch(/^ {4}✖ 1 × no agents: no seed pair of the project was kept/m);
      expect(failed.stdout.trimEnd().split("\n").at(-1)).toBe(
        "✖ FAILED (3 of 3 items failed): seed 2 of 2 failed; agents 1 of 1 failed; discuss had nothing to work on",
      );

      // --no-follow: started is all it knows; it says where the outcome will show.
      const started = await run(["run", "--project", "cli-broken", "--stages", "agents", "--no-follow"]);
      expect(started.code).toBe(0);
      expect(started.stdout).toContain("Not following it: its outcome shows in the studio's runs list");
    } finally {
      await proxy.close();
      await broken.close();
    }
  });

  it("says what is wrong, without a stack trace, for an unknown project, stage or endpoint", async () => {
    const unknownProject = await run(["run", "--project", "nope"]);
    expect(unknownProject.code).toBe(1);
    expect(unknownProject.stderr).toContain('No project "nope"');
    const badStage = await run(["run", "--project", "cli-run", "--stages", "seed,dance"]);
    expect(badStage.code).toBe(1);
    expect(badStage.stderr).toContain("unknown stage dance");
    const badEndpoint = await run(["run", "--project", "cli-run", "--endpoint", "missing"]);
    expect(badEndpoint.stderr).toContain('No endpoint profile "missing"');
    await db.project.create({ data: { slug: "unbound", name: "unbound", languages: [], settings: {} } });
    const unbound = await run(["run", "--project", "unbound"]);
    expect(unbound.stderr).toContain("has no model endpoint for: instruction_generator");
    // DPO queries come from a fresh run of the framework (dpo.queries "fresh_run"): alone, the stage is refused, saying why.
    await createEndpointProfile({ db, secretKey: undefined, input: { name: "cli-fresh-model", baseUrl: server.url, model: "m" } });
    const alone = await run(["run", "--project", "unbound", "--stages", "dpo", "--endpoint", "cli-fresh-model"]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("this run has no discuss stage");
    for (const result of [unknownProject, badStage, badEndpoint, unbound, alone]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("rosetta project settings shows the defaults, saves valid changes and refuses invalid ones without touching what is stored", async () => {
    await db.project.create({ data: { slug: "settings", name: "settings", languages: [], settings: {} } });
    const saved = await run([
      "project",
      "settings",
      "--project",
      "settings",
      "--set",
      "discussion.debate=true",
      "--set",
      "agents.scope=PER_LANGUAGE",
    ]);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ agents: { scope: "PER_LANGUAGE" }, discussion: { debate: true, groupSize: 3 } });
    const refused = await run(["project", "settings", "--project", "settings", "--set", "memory.capacity=0"]);
    expect(refused.code).toBe(2); // bad input: exit 2, as every command
    expect(refused.stderr).toContain("memory.capacity: Too small");
    const stored = await db.project.findUniqueOrThrow({ where: { slug: "settings" } });
    expect(stored.settings).toEqual({ discussion: { debate: true }, agents: { scope: "PER_LANGUAGE" } });
  });
});
