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
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("memory.capacity");
    const good = await run(["project", "settings", "--project", "cli-made", "--set", "discussion.debate=true"]);
    expect(good.code, good.stderr).toBe(0);
    expect((await db.project.findUniqueOrThrow({ where: { slug: "cli-made" } })).settings).toEqual({ discussion: { debate: true } });
  });
});
