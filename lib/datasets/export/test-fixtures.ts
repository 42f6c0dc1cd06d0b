import type { Db, Prisma } from "@/lib/db/client";

/** What a cut freezes beside an item's text (metadata export tests). */
export interface FrozenQuality {
  score?: number;
  tests?: string;
  difficulty?: "EASY" | "MEDIUM" | "HARD" | "UNSOLVED";
  solveRate?: number;
  coverage?: number;
  quality?: Record<string, unknown>;
}

/** Items for export tests: quotes, backslashes, newlines, tabs, control characters and non-ASCII text, as code has. */
export const FIXTURE_ITEMS = [
  {
    key: "candidate:a",
    language: "python",
    instruction: 'Write `inc(x)` that returns x + 1.\nUse "def".',
    solution: "def inc(x):\n\treturn x + 1  # \\o/",
  },
  {
    key: "candidate:b",
    language: "rust",
    instruction: "Reverse a string — «ünïcödé» and 日本語 included.",
    solution: 'fn rev(s: &str) -> String { s.chars().rev().collect() }\n// "\u0001"',
  },
  { key: "candidate:c", language: "bash", instruction: "Print the first argument.", solution: 'echo "$1"' },
];

export const FIXTURE_PAIRS = [
  {
    key: "dpo:1",
    language: "python",
    source: "VERIFIER" as const,
    prompt: "Add one.",
    chosen: "def inc(x):\n    return x + 1",
    rejected: "def inc(x):\n    return x",
    rule: "passes tests vs fails tests",
  },
  {
    key: "edit:2",
    language: "go",
    source: "HUMAN_EDIT" as const,
    prompt: "Double it.",
    chosen: "func double(x int) int { return 2 * x }",
    rejected: "func double(x int) int { return x + x + 1 }",
    rule: "accepted edit vs rejected original",
  },
];

/**
 * A dataset version as the cutting code leaves it: created CUTTING, its items (and pairs) written,
 * then READY (from which on the database refuses any change to it).
 */
export async function createReadyVersion({
  db,
  projectId,
  tag,
  items = FIXTURE_ITEMS,
  pairs = [],
  status = "READY",
}: {
  db: Db;
  projectId: string;
  tag: string;
  items?: ({ key: string; language: string; instruction: string; solution: string } & FrozenQuality)[];
  pairs?: {
    key: string;
    language: string;
    source: "VERIFIER" | "HUMAN_EDIT";
    prompt: string;
    chosen: string;
    rejected: string;
    rule: string;
  }[];
  status?: "READY" | "CUTTING" | "FAILED";
}): Promise<{ id: string }> {
  const version = await db.datasetVersion.create({ data: { projectId, tag, status: "CUTTING", filters: {}, provenance: {} } });
  await db.datasetItem.createMany({
    data: items.map(({ key, language, instruction, solution, quality, ...judged }, position) => ({
      versionId: version.id,
      position,
      itemKey: key,
      source: "DS3",
      language,
      instruction,
      solution,
      verified: true,
      ...judged,
      ...(quality ? { quality: quality as Prisma.InputJsonValue } : {}),
      contentHash: `hash-${key}-${position}`,
    })),
  });
  if (pairs.length)
    await db.datasetPair.createMany({
      data: pairs.map(({ key, ...pair }, position) => ({ versionId: version.id, position, pairKey: key, ...pair })),
    });
  if (status !== "CUTTING")
    await db.datasetVersion.update({
      where: { id: version.id },
      data: { status, itemCount: items.length, pairCount: pairs.length, cutAt: new Date() },
    });
  return { id: version.id };
}
