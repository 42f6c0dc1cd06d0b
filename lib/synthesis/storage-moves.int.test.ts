import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { promptText, type Messages } from "@/lib/agents/prompts";
import { fixtureCandidate, fixtureProject } from "@/lib/datasets/version-fixtures";

const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

/** The migration's moves of existing rows: what follows its marker, one statement at a time. */
const MIGRATION = readFileSync(
  path.join(import.meta.dirname, "../../prisma/migrations/20261209100000_settled_steps_and_prompts/migration.sql"),
  "utf8",
);
const MOVES = MIGRATION.slice(MIGRATION.indexOf("-- Moves of existing rows"))
  .split(/;\s*\n/)
  .map((statement) => statement.replace(/^--.*$/gm, "").trim())
  .filter(Boolean);

async function applyMoves() {
  for (const statement of MOVES) await db.$executeRawUnsafe(statement);
}

describe("the storage migration's moves", () => {
  it("moves old PROMPT turns' messages into one prompt row each, keyed by their hash, and settles the steps of stored outcomes only", async () => {
    const { projectId } = await fixtureProject(db, "storage-moves");
    const messages: Messages = [
      { role: "system", content: "You are Agent 1." },
      { role: "user", content: "[Memory]\nSample 1: sort a list.\n\n[Goal]\nRewrite it for rust." },
    ];
    const old = (discussionId: string, seq: number) => ({
      discussionId,
      seq,
      kind: "PROMPT" as const,
      language: "rust",
      content: promptText(messages),
      payload: { step: "propose", messages, blocks: { System: "You are Agent 1." }, memoryItemIds: ["m1"] } as object,
    });
    const [one, two] = await Promise.all(
      [0, 1].map(() => db.discussion.create({ data: { projectId, mode: "CENTRALIZED", targetLanguage: "rust", status: "SUCCEEDED" } })),
    );
    await db.turn.createMany({
      data: [
        old(one!.id, 1),
        { discussionId: one!.id, seq: 2, kind: "PROPOSAL", language: "rust", content: "{}", payload: { step: "propose", output: {} } },
        old(two!.id, 1),
      ],
    });
    const queried = await fixtureCandidate(db, projectId, { language: "rust", score: 4, instruction: "Sort.", solution: "fn s() {}" });
    const pending = await fixtureCandidate(db, projectId, { language: "rust", score: 4, instruction: "Add.", solution: "fn a() {}" });
    await db.dpoQuery.create({
      data: {
        projectId,
        candidateId: queried.candidateId,
        language: "rust",
        prompt: "Sort.",
        tests: "",
        samples: 2,
        temperature: 0.8,
        passed: 1,
        failed: 1,
        outcome: "PAIRED",
      },
    });
    await db.workStep.createMany({
      data: [
        { key: `dpo:${queried.candidateId}`, step: "sample:0", output: { solution: "fn s() {}" } },
        { key: `dpo:${pending.candidateId}`, step: "sample:0", output: { solution: "fn a() {}" } },
      ],
    });

    await applyMoves();
    await applyMoves(); // nothing left to do the second time

    const prompts = await db.prompt.findMany({ where: { turns: { some: { discussion: { projectId } } } } });
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.messages).toEqual(messages);
    expect(prompts[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const turns = await db.turn.findMany({ where: { discussion: { projectId } }, orderBy: [{ discussionId: "asc" }, { seq: "asc" }] });
    for (const turn of turns.filter((t) => t.kind === "PROMPT"))
      expect(turn).toMatchObject({ promptId: prompts[0]!.id, content: "", payload: { step: "propose", memoryItemIds: ["m1"] } });
    expect(turns.find((t) => t.kind === "PROMPT")!.payload).not.toHaveProperty("messages");
    expect(turns.find((t) => t.kind === "PROMPT")!.payload).not.toHaveProperty("blocks");
    expect(turns.find((t) => t.kind === "PROPOSAL")).toMatchObject({ promptId: null, content: "{}" });
    // The turns are immutable again.
    await expect(db.turn.updateMany({ where: { discussionId: one!.id }, data: { content: "x" } })).rejects.toThrow(/immutable/);

    const steps = await db.workStep.findMany({ where: { key: { in: [`dpo:${queried.candidateId}`, `dpo:${pending.candidateId}`] } } });
    expect(steps.find((s) => s.key === `dpo:${queried.candidateId}`)!.output).toBeNull();
    expect(steps.find((s) => s.key === `dpo:${pending.candidateId}`)!.output).toEqual({ solution: "fn a() {}" });
  });
});
