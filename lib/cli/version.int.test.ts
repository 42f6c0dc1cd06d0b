import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { editCandidate, fixtureCandidate, fixtureProject, fixtureSeed } from "@/lib/datasets/version-fixtures";
import { CLI_TEST_TIMEOUT, rosetta } from "@/lib/testing/cli";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());
const run = (args: string[]) => rosetta(args, { DATABASE_URL: env.DATABASE_URL! });

describe("rosetta version", { timeout: CLI_TEST_TIMEOUT }, () => {
  it("creates versions with filters (count and hash printed), lists them and diffs two", async () => {
    const { projectId } = await fixtureProject(db, "cli-versions");
    await fixtureSeed(db, projectId, {
      language: "python",
      kind: "DS2",
      score: 4,
      instruction: "Reverse.",
      solution: "def rev(s): return s[::-1]",
      review: "ACCEPTED",
    });
    // A seed pair nobody reviewed: only an explicit --include-unreviewed takes it.
    await fixtureSeed(db, projectId, { language: "go", kind: "DS1", score: 4, instruction: "Unreviewed.", solution: "func f() {}" });
    await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4.5,
      instruction: "Sum.",
      solution: "def total(xs): return sum(xs)",
    });
    const go = await fixtureCandidate(db, projectId, {
      language: "go",
      score: 2,
      verification: "FAIL",
      instruction: "Max.",
      solution: "func max() {}",
    });

    const v1 = await run(["version", "create", "--project", "cli-versions", "--tag", "v1", "--notes", "first cut"]);
    expect(v1.code, v1.stderr).toBe(0);
    expect(v1.stdout).toMatch(/^Version v1: 3 items, 0 DPO pairs\nsha256 [0-9a-f]{64}\n$/);
    expect(v1.stderr).toMatch(/version v1 .*cut in/);
    const stored = await db.datasetVersion.findFirstOrThrow({ where: { projectId, tag: "v1" } });
    expect(v1.stdout).toContain(stored.contentHash!);
    expect(await db.auditEvent.findFirst({ where: { action: "dataset.version.create", targetId: stored.id } })).toMatchObject({
      actorLabel: expect.stringMatching(/^rosetta CLI/),
    });

    const good = await run([
      "version",
      "create",
      "--project",
      "cli-versions",
      "--tag",
      "good",
      "--languages",
      "python,go",
      "--min-score",
      "3",
      "--verified-only",
      "--sources",
      "ds3,edits",
    ]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain("Version good: 1 items, 0 DPO pairs");

    await editCandidate(db, go.candidateId, "func max(a, b int) int { return a }");
    const v2 = await run(["version", "create", "--project", "cli-versions", "--tag", "v2"]);
    expect(v2.stdout).toContain("Version v2: 3 items, 1 DPO pairs");

    const listed = await run(["version", "list", "--project", "cli-versions"]);
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(["v2", "good", "v1"]);
    expect(listed.stdout).toMatch(/v1\s+READY\s+3 items\s+0 pairs\s+[0-9a-f]{12}/);

    const diff = await run(["version", "diff", "--project", "cli-versions", "v1", "v2"]);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain("v1 → v2");
    expect(diff.stdout).toMatch(/go\s+\+0 added\s+-0 removed\s+~1 changed/);
    expect(diff.stdout).toContain(`changed: candidate:${go.candidateId}`);
    expect(diff.stdout).toMatch(/~ go\s+HUMAN_EDIT\s+Max\.\s+\(solution, source\)/);

    // Unreviewed items only when asked, and the command says how many it took.
    const all = await run(["version", "create", "--project", "cli-versions", "--tag", "all", "--include-unreviewed"]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain("Version all: 4 items");
    expect(all.stdout).toContain("1 of the items were not reviewed (taken with --include-unreviewed)");
    const added = await run(["version", "diff", "--project", "cli-versions", "v2", "all"]);
    expect(added.stdout).toMatch(/go\s+\+1 added\s+-0 removed\s+~0 changed/);
  });

  it("says what is wrong, with exit code 1 and no stack trace", async () => {
    const { projectId } = await fixtureProject(db, "cli-versions-bad");
    await fixtureCandidate(db, projectId, { language: "python", score: 4, instruction: "Sum.", solution: "def total(xs): return sum(xs)" });
    expect((await run(["version", "create", "--project", "cli-versions-bad", "--tag", "v1"])).code).toBe(0);
    const cases = [
      [["version", "create", "--project", "cli-versions-bad", "--tag", "v1"], /✖ version v1 already exists/],
      [["version", "create", "--project", "cli-versions-bad", "--tag", "bad tag"], /✖ Invalid tag "bad tag"/],
      [
        ["version", "create", "--project", "cli-versions-bad", "--tag", "v9", "--sources", "ds7"],
        /unknown source ds7 \(sources: ds1, ds2, ds3, edits\)/,
      ],
      [["version", "create", "--project", "cli-versions-bad", "--tag", "v9", "--min-score", "lots"], /--min-score/],
      [
        ["version", "create", "--project", "cli-versions-bad", "--tag", "v9", "--languages", "cobol"],
        /✖ No item matches .*languages cobol.*Nothing was cut/,
      ],
      [["version", "create", "--project", "nope", "--tag", "v1"], /✖ No project "nope"/],
      [["version", "diff", "--project", "cli-versions-bad", "v1", "v7"], /✖ No version "v7"/],
    ] as const;
    for (const [args, message] of cases) {
      const result = await run([...args]);
      expect(result.code, args.join(" ")).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await db.datasetVersion.count({ where: { projectId } })).toBe(1);
  });

  it("requires agreeing decisions with --min-agreeing, and says how many items that left out", async () => {
    const { projectId } = await fixtureProject(db, "cli-agreeing");
    const twice = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: "Sum.",
      solution: "def total(xs): ...",
    });
    const once = await fixtureCandidate(db, projectId, {
      language: "python",
      score: 4,
      instruction: "Count words.",
      solution: "def words(s): ...",
    });
    for (const [item, names] of [
      [twice, ["ann", "bob"]],
      [once, ["ann"]],
    ] as const)
      for (const name of names) {
        const reviewer = await db.user.upsert({
          where: { email: `${name}@cli-agreeing.test` },
          create: { email: `${name}@cli-agreeing.test`, passwordHash: "x" },
          update: {},
        });
        await db.review.create({
          data: { candidateId: item.candidateId, revisionId: item.revisionId, reviewerId: reviewer.id, decision: "ACCEPT" },
        });
      }
    const agreed = await run(["version", "create", "--project", "cli-agreeing", "--tag", "agreed", "--min-agreeing", "2"]);
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(agreed.stdout).toContain("Version agreed: 1 items, 0 DPO pairs");
    expect(agreed.stdout).toContain("Left out for too few agreeing decisions: 1 item with fewer than 2 agreeing decisions");
    const version = await db.datasetVersion.findFirstOrThrow({ where: { projectId, tag: "agreed" } });
    expect(version.filters).toMatchObject({ minAgreeingDecisions: 2 });
    const bad = await run(["version", "create", "--project", "cli-agreeing", "--tag", "bad", "--min-agreeing", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--min-agreeing: a whole number from 1 to 10/);
  });
});
