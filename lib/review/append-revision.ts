import "server-only";
import type { Prisma } from "@/lib/db/client";
import { checkCandidateContamination } from "@/lib/quality/check-candidates";
import type { VerificationStatus } from "@/lib/review/test-status";

/** Who wrote a revision: the candidate's authoring agent, or a reviewer. */
export type RevisionAuthor = { kind: "AGENT" } | { kind: "HUMAN"; userId: string };

/**
 * The one way a candidate gets a new version, whether an agent or a reviewer writes it: the revision after its
 * parent (the first is number 1), made the candidate's current one, with the candidate's test status now this
 * revision's (PENDING until its tests have run), its contamination checked again (lib/quality). Nothing is overwritten: the parent stays as it was. Runs in the
 * caller's transaction, which has locked the candidate or created it.
 */
export async function appendRevision(
  tx: Prisma.TransactionClient,
  {
    candidateId,
    parent,
    author,
    instruction,
    solution,
    tests,
    note,
    verificationStatus = "PENDING",
  }: {
    candidateId: string;
    /** The revision this one follows (the candidate's current one); null for the first. */
    parent: { id: string; number: number } | null;
    author: RevisionAuthor;
    instruction: string;
    solution: string;
    tests: string;
    note?: string | null;
    verificationStatus?: VerificationStatus;
  },
): Promise<{ id: string; number: number }> {
  const revision = await tx.revision.create({
    data: {
      candidateId,
      number: parent ? parent.number + 1 : 1,
      authorKind: author.kind,
      authorUserId: author.kind === "HUMAN" ? author.userId : null,
      parentId: parent?.id ?? null,
      instruction,
      solution,
      tests,
      note: note ?? null,
    },
    select: { id: true, number: true },
  });
  await tx.candidate.update({ where: { id: candidateId }, data: { currentRevisionId: revision.id, verificationStatus } });
  // A new current revision is a new text: whether it leaks a benchmark problem is decided again.
  await checkCandidateContamination(tx, candidateId);
  return revision;
}
