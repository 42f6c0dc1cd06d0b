import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { env } from "@/lib/env";

// The invariants of DESIGN §3 that the database itself enforces (see the hand-written part of the
// initial migration): whatever code runs, history is not rewritten.
const db = createDb(env.DATABASE_URL!);
afterAll(() => db.$disconnect());

async function candidateWithRevision() {
  const project = await db.project.create({
    data: { slug: `p-${crypto.randomUUID()}`, name: "Invariants", languages: ["python"], settings: {} },
  });
  const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python" } });
  const revision = await db.revision.create({
    data: {
      candidateId: candidate.id,
      number: 1,
      authorKind: "AGENT",
      instruction: "Add two numbers.",
      solution: "def add(a, b):\n    return a + b",
      tests: "assert add(1, 2) == 3",
    },
  });
  return { project, candidate, revision };
}

describe("database invariants", () => {
  it("refuses to overwrite a revision; an edit is a new revision", async () => {
    const { candidate, revision } = await candidateWithRevision();
    await expect(db.revision.update({ where: { id: revision.id }, data: { solution: "def add(a, b): return 0" } })).rejects.toThrow(
      /revisions rows are immutable/,
    );
    const edit = await db.revision.create({
      data: {
        candidateId: candidate.id,
        number: 2,
        parentId: revision.id,
        authorKind: "HUMAN",
        instruction: revision.instruction,
        solution: "def add(a, b):\n    return b + a",
        tests: revision.tests,
      },
    });
    await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: edit.id } });
    expect((await db.revision.findUniqueOrThrow({ where: { id: revision.id } })).solution).toBe(revision.solution);
  });

  it("refuses to rewrite a discussion's event log", async () => {
    const { project } = await candidateWithRevision();
    const discussion = await db.discussion.create({ data: { projectId: project.id, mode: "PARALLEL", targetLanguage: "rust" } });
    const turn = await db.turn.create({ data: { discussionId: discussion.id, seq: 1, kind: "PROPOSAL", content: "fn add" } });
    await expect(db.turn.update({ where: { id: turn.id }, data: { content: "changed" } })).rejects.toThrow(/turns rows are immutable/);
    await expect(db.turn.create({ data: { discussionId: discussion.id, seq: 1, kind: "CRITIQUE", content: "dup" } })).rejects.toThrow(
      /Unique constraint/,
    );
  });

  it("freezes a dataset version and its items once it is cut", async () => {
    const { project, revision } = await candidateWithRevision();
    const version = await db.datasetVersion.create({ data: { projectId: project.id, tag: "v1", filters: {}, provenance: {} } });
    const item = {
      versionId: version.id,
      itemKey: "candidate:1",
      revisionId: revision.id,
      source: "DS3" as const,
      language: "python",
      instruction: "i",
      solution: "s",
      verified: true,
      contentHash: "h",
    };
    await db.datasetItem.create({ data: { ...item, position: 0 } }); // while CUTTING: allowed
    await db.datasetVersion.update({
      where: { id: version.id },
      data: { status: "READY", itemCount: 1, contentHash: "abc", cutAt: new Date() },
    });

    await expect(db.datasetVersion.update({ where: { id: version.id }, data: { notes: "rewritten" } })).rejects.toThrow(
      /dataset version v1 is cut and immutable/,
    );
    await expect(db.datasetItem.create({ data: { ...item, position: 1 } })).rejects.toThrow(
      /is cut and immutable: its items cannot change/,
    );
    await expect(db.datasetItem.deleteMany({ where: { versionId: version.id } })).rejects.toThrow(/cut and immutable/);
    expect(await db.datasetItem.count({ where: { versionId: version.id } })).toBe(1);
  });
});
