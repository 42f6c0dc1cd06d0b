import "server-only";
import type { Prisma } from "@/lib/db/client";
import { uuidv7 } from "@/lib/ids";
import { contaminationOfText } from "@/lib/quality/check-candidates";
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
  // The verdict first, on the text itself: the revision, the candidate's pointer to it, its test status
  // and its contamination are then written in one statement (the revision's insert a CTE of the update).
  const verdict = await contaminationOfText(tx, candidateId, { instruction, solution });
  const revision = { id: uuidv7(), number: parent ? parent.number + 1 : 1 };
  const hit = verdict?.hit ? JSON.stringify(verdict.hit) : null;
  await tx.$executeRaw`
    with revision as (
      insert into revisions (id, candidate_id, number, author_kind, author_user_id, parent_id, instruction, solution, tests, note)
      values (${revision.id}::uuid, ${candidateId}::uuid, ${revision.number}, ${author.kind}::revision_author,
              ${author.kind === "HUMAN" ? author.userId : null}::uuid, ${parent?.id ?? null}::uuid, ${instruction}, ${solution}, ${tests},
              ${note ?? null})
    )
    update candidates set current_revision_id = ${revision.id}::uuid, verification_status = ${verificationStatus}::verification_status,
           contaminated = case when ${verdict !== undefined} then ${hit !== null} else contaminated end,
           contamination = case when ${verdict !== undefined} then ${hit}::jsonb else contamination end,
           quality_checked_at = case when ${verdict !== undefined} then now() else quality_checked_at end,
           updated_at = now()
     where id = ${candidateId}::uuid`;
  return revision;
}
