import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { fixtureProject, fixtureSeed } from "@/lib/datasets/version-fixtures";
import { ensureSeedItem } from "@/lib/synthesis/seed-items";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

const BACKFILL = readFileSync(
  path.join(import.meta.dirname, "../../prisma/migrations/20261205200000_seed_items_backfill/migration.sql"),
  "utf8",
);

describe("seed items", () => {
  it("makes one item per kept seed, however often it is asked", async () => {
    const { projectId } = await fixtureProject(db, "seed-item-once");
    const { seedId } = await fixtureSeed(db, projectId, {
      language: "python",
      kind: "DS2",
      score: 4.5,
      instruction: "Sort.",
      solution: "sorted(x)",
      item: false,
    });
    const seed = await db.seedSample.findUniqueOrThrow({ where: { id: seedId } });
    const first = await db.$transaction((tx) => ensureSeedItem(tx, seed));
    const again = await db.$transaction((tx) => ensureSeedItem(tx, seed));
    expect(first.created).toBe(true);
    expect(again).toEqual({ candidateId: first.candidateId, created: false });
    const item = await db.candidate.findUniqueOrThrow({ where: { id: first.candidateId }, include: { revisions: true } });
    expect(item).toMatchObject({ source: "DS2", seedSampleId: seedId, language: "python", totalScore: 4.5, reviewStatus: "PENDING" });
    expect(item.revisions).toEqual([
      expect.objectContaining({
        id: item.currentRevisionId,
        number: 1,
        authorKind: "AGENT",
        instruction: "Sort.",
        solution: "sorted(x)",
        tests: "",
      }),
    ]);
  });

  it("the migration gives every kept seed made before items existed its item and revision, once, and none to a dropped one", async () => {
    const { projectId } = await fixtureProject(db, "seed-backfill");
    const kept = await fixtureSeed(db, projectId, {
      language: "rust",
      kind: "DS1",
      score: 4,
      instruction: "Add.",
      solution: "a + b",
      item: false,
    });
    const dropped = await fixtureSeed(db, projectId, {
      language: "rust",
      kind: "DS2",
      status: "DROPPED",
      score: 1,
      instruction: "Weak.",
      solution: "x",
      item: false,
    });
    const already = await fixtureSeed(db, projectId, { language: "python", kind: "DS1", score: 5, instruction: "Has one.", solution: "y" });
    const before = await db.candidate.findUniqueOrThrow({ where: { seedSampleId: already.seedId } });

    await db.$executeRawUnsafe(BACKFILL);
    await db.$executeRawUnsafe(BACKFILL); // a second pass finds nothing left to do

    const items = await db.candidate.findMany({ where: { projectId }, include: { revisions: true, currentRevision: true } });
    expect(items.map((c) => c.seedSampleId).sort()).toEqual([kept.seedId, already.seedId].sort());
    expect(items.some((c) => c.seedSampleId === dropped.seedId)).toBe(false);
    expect(items.find((c) => c.seedSampleId === already.seedId)!.id).toBe(before.id);
    const made = items.find((c) => c.seedSampleId === kept.seedId)!;
    expect(made).toMatchObject({ source: "DS1", language: "rust", totalScore: 4, reviewStatus: "PENDING", verificationStatus: "PENDING" });
    expect(made.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/); // a version-7 UUID, as the app makes them
    expect(made.revisions).toHaveLength(1);
    expect(made.currentRevision).toMatchObject({ number: 1, authorKind: "AGENT", instruction: "Add.", solution: "a + b", tests: "" });
  });
});
