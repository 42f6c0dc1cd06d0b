import type { Db } from "@/lib/db/client";

/** A candidate with one agent revision, current: what review tests decide, claim and edit. */
export async function createCandidate(
  db: Db,
  projectId: string,
  {
    verificationStatus = "PASS",
    instruction = "Add one.",
    solution = "def inc(x):\n    return x + 1",
    tests = "assert inc(1) == 2",
  }: { verificationStatus?: "PASS" | "FAIL"; instruction?: string; solution?: string; tests?: string } = {},
): Promise<{ id: string; revisionId: string }> {
  const candidate = await db.candidate.create({ data: { projectId, language: "python", verificationStatus } });
  const revision = await db.revision.create({
    data: { candidateId: candidate.id, number: 1, authorKind: "AGENT", instruction, solution, tests },
  });
  await db.candidate.update({ where: { id: candidate.id }, data: { currentRevisionId: revision.id } });
  return { id: candidate.id, revisionId: revision.id };
}
