import { z } from "zod";
import { recordAudit } from "@/lib/auth/accounts";
import { clientAddress, route } from "@/lib/auth/request";
import { parseInput } from "@/lib/http";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { candidateProject } from "@/lib/review/candidate";
import { assertNotClaimedByOther } from "@/lib/review/claims";

export const dynamic = "force-dynamic";

const Body = z.object({
  /** The revision the edit started from: a save on a stale one is a conflict, never an overwrite. */
  parentRevisionId: z.uuid(),
  instruction: z.string().min(1).max(100_000),
  solution: z.string().min(1).max(200_000),
  tests: z.string().min(1).max(200_000),
  note: z.string().max(2_000).optional(),
});

/** A reviewer's edit: a new revision (the old ones stay), made current, its tests re-run in the sandbox. */
export const POST = route<{ id: string }>(
  "review:edit",
  async ({ request, principal }, { id }) => {
    const body = parseInput(Body, await request.json().catch(() => null), "edit");
    if (principal.kind === "anonymous") throw new AppError("UNAUTHORIZED", "Sign in to continue.");
    const edit = body;
    const revision = await getDb().$transaction(async (tx) => {
      // Locks the row (two saves on one revision: the second sees the first) and refuses another reviewer's claim.
      await assertNotClaimedByOther(tx, { candidateId: id, userId: principal.userId, what: "edit" });
      const candidate = await tx.candidate.findUniqueOrThrow({ where: { id }, select: { projectId: true, currentRevision: { select: { id: true, number: true, authorKind: true, authorUser: { select: { email: true } } } } } });
      const current = candidate.currentRevision;
      if (!current || current.id !== edit.parentRevisionId) {
        const by = current ? (current.authorKind === "HUMAN" ? (current.authorUser?.email ?? "a reviewer") : "the agent") : "nobody";
        throw new AppError("CONFLICT", `This item changed while you edited it: revision ${current?.number ?? "?"} by ${by} is current now. Your edit was not saved; compare the two and save again.`);
      }
      const created = await tx.revision.create({
        data: { candidateId: id, number: current.number + 1, authorKind: "HUMAN", authorUserId: principal.userId, parentId: current.id, instruction: edit.instruction, solution: edit.solution, tests: edit.tests, note: edit.note ?? null },
        select: { id: true, number: true },
      });
      await tx.candidate.update({ where: { id }, data: { currentRevisionId: created.id, verificationStatus: "PENDING" } });
      await enqueueJob(tx, "review.verify-revision", { revisionId: created.id });
      await recordAudit(tx, { principal, action: "candidate.edit", targetType: "candidate", targetId: id, projectId: candidate.projectId, before: { revision: current.number }, after: { revision: created.number, note: edit.note }, ip: clientAddress(request) });
      return created;
    });
    return Response.json(revision, { status: 201 });
  },
  { project: candidateProject },
);
