import "server-only";
import type { Audit } from "@/lib/auth/audit";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { prepareContaminationCheck } from "@/lib/quality/check-candidates";
import { appendRevision } from "@/lib/review/append-revision";
import { assertNotClaimedByOther } from "@/lib/review/claims";
import type { Reviewer } from "@/lib/review/decision-state";

export interface Edit {
  /** The revision the edit started from: a save on a stale one is a conflict, never an overwrite. */
  parentRevisionId: string;
  instruction: string;
  solution: string;
  tests: string;
  note?: string;
}

/**
 * A reviewer's edit: a new revision (the old ones stay), made current, its tests queued to run again in the sandbox.
 * Refused (409) when another revision became current since the edit began, or while another reviewer's claim on the
 * item is active. The revision, the verification job and the audit event commit together.
 */
export async function reviseCandidate({
  db,
  candidateId,
  edit,
  reviewer,
  audit,
}: {
  db: Db;
  candidateId: string;
  edit: Edit;
  reviewer: Reviewer;
  audit: Audit;
}): Promise<{ id: string; number: number }> {
  // An unknown item is refused inside, as before; a known one has its project's index ready first.
  const known = await db.candidate.findUnique({ where: { id: candidateId }, select: { projectId: true } });
  if (known) await prepareContaminationCheck(db, known.projectId);
  return db.$transaction(async (tx) => {
    // Locks the row (two saves on one revision: the second sees the first) and refuses another reviewer's claim.
    await assertNotClaimedByOther(tx, { candidateId, userId: reviewer.userId, what: "edit" });
    const candidate = await tx.candidate.findUniqueOrThrow({
      where: { id: candidateId },
      select: {
        projectId: true,
        currentRevision: { select: { id: true, number: true, authorKind: true, authorUser: { select: { email: true } } } },
      },
    });
    const current = candidate.currentRevision;
    if (!current || current.id !== edit.parentRevisionId) {
      const by = current ? (current.authorKind === "HUMAN" ? (current.authorUser?.email ?? "a reviewer") : "the agent") : "nobody";
      const now = `revision ${current?.number ?? "?"} by ${by} is current now`;
      throw new AppError(
        "CONFLICT",
        `This item changed while you edited it: ${now}. Your edit was not saved; compare the two and save again.`,
      );
    }
    const created = await appendRevision(tx, {
      candidateId,
      parent: current,
      author: { kind: "HUMAN", userId: reviewer.userId },
      instruction: edit.instruction,
      solution: edit.solution,
      tests: edit.tests,
      note: edit.note,
    });
    await enqueueJob(tx, "review.verify-revision", { revisionId: created.id });
    await audit(
      "candidate.edit",
      { type: "candidate", id: candidateId, projectId: candidate.projectId },
      { before: { revision: current.number }, after: { revision: created.number, note: edit.note } },
      tx,
    );
    return created;
  });
}
