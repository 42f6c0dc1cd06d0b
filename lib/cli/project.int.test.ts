import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
const run = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL! });

describe("rosetta project", () => {
  it("creates a project as the studio's form does, refusing a bad or taken slug", async () => {
    const created = await run(["project", "create", "--project", "cli-made", "--name", "CLI made", "--languages", "python,go"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created project "cli-made" (python, go).');
    expect(await db.project.findUnique({ where: { slug: "cli-made" } })).toMatchObject({ name: "CLI made", languages: ["python", "go"] });
    const taken = await run(["project", "create", "--project", "cli-made"]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toContain('A project with the slug "cli-made" exists already');
    const bad = await run(["project", "create", "--project", "Not A Slug"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--project: a slug");
  });

  it("changes settings through the same validation as the studio, naming the bad field", async () => {
    const bad = await run(["project", "settings", "--project", "cli-made", "--set", "memory.capacity=0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("memory.capacity");
    const good = await run(["project", "settings", "--project", "cli-made", "--set", "discussion.debate=true"]);
    expect(good.code, good.stderr).toBe(0);
    expect((await db.project.findUniqueOrThrow({ where: { slug: "cli-made" } })).settings).toEqual({ discussion: { debate: true } });
  });

  it("sets the review settings: overlap, per language, the spot-check share and a rubric from a file", async () => {
    const folder = mkdtempSync(path.join(tmpdir(), "rosetta-rubric-"));
    const rubric = [
      { id: "clarity", label: "Is the code clear?", kind: "scale", aspect: "clarity", required: true },
      { id: "issues", label: "Issues", kind: "labels", options: ["off-topic", "wrong language"], multiple: false },
    ];
    writeFileSync(path.join(folder, "rubric.json"), JSON.stringify(rubric));
    const set = await run([
      ...["project", "settings", "--project", "cli-made", "--set", "review.overlap=2", "--set", "review.overlapByLanguage.rust=3"],
      ...["--set", "review.overlapShare=0.1", "--rubric", path.join(folder, "rubric.json")],
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain("Saved 4 setting(s)");
    expect(set.stderr).toContain(
      "Review: 2 annotators per item (Rust 3) for 10 % of items, the others 1; rubric: clarity (1–5, scorer's clarity, required), issues (labels, one)",
    );
    // Review settings are not the synthesis protocol's overrides.
    expect(set.stderr).toContain("Protocol: Rosetta defaults, with overrides: discussion.debate = true\n");
    expect(JSON.parse(set.stdout)).toMatchObject({ review: { overlap: 2, overlapByLanguage: { rust: 3 }, overlapShare: 0.1 } });
    expect((await db.project.findUniqueOrThrow({ where: { slug: "cli-made" } })).settings).toEqual({
      discussion: { debate: true },
      review: { overlap: 2, overlapByLanguage: { rust: 3 }, overlapShare: 0.1, rubric },
    });

    // A bad rubric names each bad field, exits 2 and changes nothing.
    writeFileSync(
      path.join(folder, "bad.json"),
      JSON.stringify([
        { id: "Clarity!", label: "Clear?", kind: "scale", aspect: "clearness" },
        { id: "tags", label: "Tags", kind: "labels", options: [] },
      ]),
    );
    const bad = await run(["project", "settings", "--project", "cli-made", "--rubric", path.join(folder, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("✖ Invalid project settings: review.rubric.0.id: is 1-40 lower-case letters, digits or underscores");
    expect(bad.stderr).toContain("review.rubric.0.aspect: ");
    expect(bad.stderr).toContain("review.rubric.1.options: ");
    expect(bad.stderr).not.toContain("    at "); // no stack trace
    writeFileSync(path.join(folder, "twice.json"), JSON.stringify([rubric[0], { ...rubric[0], label: "Again" }]));
    const twice = await run(["project", "settings", "--project", "cli-made", "--rubric", path.join(folder, "twice.json")]);
    expect(twice).toMatchObject({ code: 2, stderr: expect.stringContaining("review.rubric: question ids used more than once: clarity") });
    writeFileSync(path.join(folder, "broken.json"), "[{");
    const broken = await run(["project", "settings", "--project", "cli-made", "--rubric", path.join(folder, "broken.json")]);
    expect(broken).toMatchObject({ code: 2, stderr: expect.stringContaining("broken.json: not JSON") });
    const missing = await run(["project", "settings", "--project", "cli-made", "--rubric", path.join(folder, "none.json")]);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("none.json: cannot read it (ENOENT)") });
    const share = await run(["project", "settings", "--project", "cli-made", "--set", "review.overlapShare=10"]);
    expect(share).toMatchObject({ code: 2, stderr: expect.stringContaining("review.overlapShare: ") });
    expect((await db.project.findUniqueOrThrow({ where: { slug: "cli-made" } })).settings).toMatchObject({
      review: { overlapShare: 0.1, rubric },
    });
  });

  it("lists the presets, creates a project with one, and refuses an unknown one with the list, exit 2", async () => {
    const listed = await run(["project", "presets"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("xcoder-paper (xCoder paper)");
    expect(listed.stdout).toMatch(/dpo\.samples = 128 +— .*\(§2\.6\)/);

    const created = await run(["project", "create", "--project", "cli-preset", "--preset", "fast-draft"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("with the Fast draft preset");
    const bad = await run(["project", "settings", "--project", "cli-preset", "--preset", "paper"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no preset "paper"; the presets are rosetta-default, xcoder-paper, fast-draft');
  });

  it("keeps the project's own values over a new preset, audits the change, and a run records both", async () => {
    const set = await run(["project", "settings", "--project", "cli-preset", "--preset", "xcoder-paper", "--set", "discussion.rounds=5"]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain("Protocol: xCoder paper preset, with overrides: discussion.rounds = 5");
    expect(JSON.parse(set.stdout)).toMatchObject({ preset: "xcoder-paper", discussion: { rounds: 5 }, dpo: { samples: 128 } });
    const project = await db.project.findUniqueOrThrow({ where: { slug: "cli-preset" } });
    expect(project.settings).toEqual({ preset: "xcoder-paper", discussion: { rounds: 5 } });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { projectId: project.id, action: "project.settings" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit).toMatchObject({ before: { preset: "fast-draft" }, after: { preset: "xcoder-paper" } });

    // A run keeps the preset and the overrides in its copy of the settings, and says what it runs with.
    const started = await run(["run", "--project", "cli-preset", "--stages", "agents", "--no-follow"]);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toContain("Protocol: xCoder paper preset, with overrides: discussion.rounds = 5.");
    const copy = await db.synthesisRun.findFirstOrThrow({ where: { projectId: project.id } });
    expect(copy.settings).toMatchObject({
      preset: "xcoder-paper",
      overrides: [{ path: "discussion.rounds", value: 5, presetValue: 3 }],
      discussion: { rounds: 5, targetPolicy: "round_robin" },
      dpo: { samples: 128 },
    });
  });
});
