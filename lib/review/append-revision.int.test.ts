import { afterAll, describe, expect, it } from "vitest";
import { createUser } from "@/lib/auth/accounts";
import { getDb } from "@/lib/db/client";
import { appendRevision } from "@/lib/review/append-revision";

afterAll(() => getDb().$disconnect());

const content = (solution: string) => ({ instruction: "Add one.", solution, tests: "assert inc(1) == 2" });

describe("appendRevision", () => {
  it("numbers each revision after its parent, makes it current with its test status, and leaves the older ones as they were", async () => {
    const db = getDb();
    const project = await db.project.create({ data: { slug: "append", name: "append", languages: [], settings: {} } });
    const reviewer = await createUser(db, { email: "rev@append.test", password: "a long enough password" });
    const candidate = await db.candidate.create({ data: { projectId: project.id, language: "python" } });

    // The agent's original and its self-correction, as a discussion writes them: each verified.
    const [first, corrected] = await db.$transaction(async (tx) => {
      const first = await appendRevision(tx, {
        candidateId: candidate.id,
        parent: null,
        author: { kind: "AGENT" },
        ...content("return x"),
        verificationStatus: "FAIL",
      });
      const corrected = await appendRevision(tx, {
        candidateId: candidate.id,
        parent: first,
        author: { kind: "AGENT" },
        ...content("return x + 1"),
        note: "self-correction",
      });
      return [first, corrected];
    });
    expect([first.number, corrected.number]).toEqual([1, 2]);
    expect(await db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({
      currentRevisionId: corrected.id,
      verificationStatus: "PENDING",
    });

    // A reviewer's edit of the current one: the third, theirs, its tests not run yet.
    const edit = await db.$transaction((tx) =>
      appendRevision(tx, {
        candidateId: candidate.id,
        parent: corrected,
        author: { kind: "HUMAN", userId: reviewer.id },
        ...content("return 1 + x"),
      }),
    );
    const revisions = await db.revision.findMany({ where: { candidateId: candidate.id }, orderBy: { number: "asc" } });
    expect(revisions.map((r) => [r.number, r.authorKind, r.authorUserId, r.parentId, r.solution])).toEqual([
      [1, "AGENT", null, null, "return x"],
      [2, "AGENT", null, first.id, "return x + 1"],
      [3, "HUMAN", reviewer.id, corrected.id, "return 1 + x"],
    ]);
    expect(await db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).toMatchObject({
      currentRevisionId: edit.id,
      verificationStatus: "PENDING",
    });

    // A second revision after the same parent would take a number already taken: refused, nothing changes.
    const stale = db.$transaction((tx) =>
      appendRevision(tx, { candidateId: candidate.id, parent: corrected, author: { kind: "AGENT" }, ...content("return x") }),
    );
    await expect(stale).rejects.toThrow();
    expect(await db.revision.count({ where: { candidateId: candidate.id } })).toBe(3);
    expect((await db.candidate.findUniqueOrThrow({ where: { id: candidate.id } })).currentRevisionId).toBe(edit.id);
  });
});
