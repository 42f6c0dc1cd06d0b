import "server-only";
import type { Db } from "@/lib/db/client";
import type { WorkerServices } from "@/lib/jobs/define";
import type { Language } from "@/lib/llm/contracts";
import { tail } from "@/lib/sandbox/languages";
import { ItemFailure } from "@/lib/synthesis/items";
import type { ProjectSettings } from "@/lib/synthesis/settings";

/**
 * Verification of a stored revision: its solution against its tests in the sandbox, as a
 * verification run, with the candidate's status following its current revision. Discussions verify
 * their own candidates as they go (lib/synthesis/discussion.ts); this serves the VERIFY stage
 * (candidates made while no sandbox was available) and re-runs after a human edit.
 */

export const VERIFICATION_STATUS = { pass: "PASS", fail: "FAIL", error: "ERROR", timeout: "TIMEOUT" } as const;
export const EXCERPT_CHARS = 4_000;

export async function verifyRevision({
  db,
  services,
  revisionId,
  settings,
}: {
  db: Db;
  services: WorkerServices;
  revisionId: string;
  settings: ProjectSettings;
}): Promise<{ status: keyof typeof VERIFICATION_STATUS; reason: string }> {
  const revision = await db.revision.findUnique({ where: { id: revisionId }, include: { candidate: { select: { id: true, language: true, currentRevisionId: true } } } });
  if (!revision) throw new ItemFailure("the revision was deleted");
  const sandbox = services.sandbox.status();
  if (!sandbox.ok) throw new ItemFailure(`not verified: ${sandbox.reason}`);
  const { candidate } = revision;
  const startedAt = new Date();
  const result = await services.sandbox.verify(
    { language: candidate.language, code: revision.solution, tests: revision.tests },
    { limits: settings.verification.limits[candidate.language as Language] ?? {} },
  );
  await db.$transaction(async (tx) => {
    const round = await tx.verificationRun.count({ where: { candidateId: candidate.id } });
    await tx.verificationRun.create({
      data: {
        candidateId: candidate.id,
        revisionId,
        language: candidate.language,
        round,
        status: VERIFICATION_STATUS[result.status],
        exitCode: result.exitCode,
        stdoutExcerpt: tail(result.stdout, EXCERPT_CHARS) || null,
        stderrExcerpt: tail(result.stderr, EXCERPT_CHARS) || null,
        reason: result.reason,
        durationMs: result.durationMs,
        toolchainVersion: result.toolchain,
        startedAt,
        finishedAt: new Date(),
      },
    });
    // The candidate's status is its current revision's: a run of an older revision does not change it.
    await tx.candidate.updateMany({ where: { id: candidate.id, currentRevisionId: revisionId }, data: { verificationStatus: VERIFICATION_STATUS[result.status] } });
  });
  return { status: result.status, reason: result.reason };
}

/** The VERIFY stage's item: the candidate's current revision, unless it has a verdict already. */
export async function verifyCandidate({ db, services, candidateId, settings }: { db: Db; services: WorkerServices; candidateId: string; settings: ProjectSettings }): Promise<void> {
  const candidate = await db.candidate.findUnique({ where: { id: candidateId }, select: { currentRevisionId: true, verificationStatus: true } });
  if (!candidate?.currentRevisionId) throw new ItemFailure("the candidate was deleted or has no revision");
  const verified = await db.verificationRun.count({ where: { revisionId: candidate.currentRevisionId, status: { notIn: ["PENDING", "RUNNING"] } } });
  if (verified) return; // a retried job, or verified meanwhile
  await verifyRevision({ db, services, revisionId: candidate.currentRevisionId, settings });
}
