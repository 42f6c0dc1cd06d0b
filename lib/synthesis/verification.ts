import "server-only";
import type { Db } from "@/lib/db/client";
import type { SynthesisServices } from "@/lib/synthesis/services";
import type { Language } from "@/lib/languages";
import type { VerifyResult } from "@/lib/sandbox/verify";
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
const EXCERPT_CHARS = 4_000;

/** A verdict as stored (on a VERIFICATION turn, then as a verification run), or why nothing ran. */
export interface VerificationRecord {
  status: VerifyResult["status"] | "skipped";
  reason: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  toolchain: string | null;
  startedAt: string;
  finishedAt: string;
}

export function verificationRecord(result: VerifyResult, startedAt: string): VerificationRecord & { status: VerifyResult["status"] } {
  return {
    status: result.status,
    reason: result.reason,
    exitCode: result.exitCode,
    stdout: tail(result.stdout, EXCERPT_CHARS),
    stderr: tail(result.stderr, EXCERPT_CHARS),
    durationMs: result.durationMs,
    toolchain: result.toolchain,
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

export function verificationRunData(
  candidateId: string,
  revisionId: string,
  language: string,
  round: number,
  record: VerificationRecord & { status: VerifyResult["status"] },
) {
  return {
    candidateId,
    revisionId,
    language,
    round,
    status: VERIFICATION_STATUS[record.status],
    exitCode: record.exitCode,
    stdoutExcerpt: record.stdout || null,
    stderrExcerpt: record.stderr || null,
    reason: record.reason,
    durationMs: record.durationMs,
    toolchainVersion: record.toolchain,
    startedAt: new Date(record.startedAt),
    finishedAt: new Date(record.finishedAt),
  };
}

export async function verifyRevision({
  db,
  services,
  revisionId,
  settings,
}: {
  db: Db;
  services: SynthesisServices;
  revisionId: string;
  settings: ProjectSettings;
}): Promise<{ status: keyof typeof VERIFICATION_STATUS; reason: string }> {
  const revision = await db.revision.findUnique({
    where: { id: revisionId },
    include: { candidate: { select: { id: true, language: true, currentRevisionId: true, source: true } } },
  });
  if (!revision) throw new ItemFailure("the revision was deleted");
  // A seed item (and a person's edit of one) carries no tests: nothing to run, and no failure either.
  if (revision.candidate.source !== "DS3" && !revision.tests.trim()) throw new ItemFailure("not verified: it has no tests");
  const sandbox = services.sandbox.status();
  if (!sandbox.ok) throw new ItemFailure(`not verified: ${sandbox.reason}`);
  const { candidate } = revision;
  const startedAt = new Date().toISOString();
  const result = await services.sandbox.verify(
    { language: candidate.language, code: revision.solution, tests: revision.tests },
    { limits: settings.verification.limits[candidate.language as Language] ?? {} },
  );
  const record = verificationRecord(result, startedAt);
  await db.$transaction(async (tx) => {
    const round = await tx.verificationRun.count({ where: { candidateId: candidate.id } });
    await tx.verificationRun.create({ data: verificationRunData(candidate.id, revisionId, candidate.language, round, record) });
    // The candidate's status is its current revision's: a run of an older revision does not change it.
    await tx.candidate.updateMany({
      where: { id: candidate.id, currentRevisionId: revisionId },
      data: { verificationStatus: VERIFICATION_STATUS[result.status] },
    });
  });
  return { status: result.status, reason: result.reason };
}

/** The VERIFY stage's item: the candidate's current revision, unless it has a verdict already. */
export async function verifyCandidate({
  db,
  services,
  candidateId,
  settings,
}: {
  db: Db;
  services: SynthesisServices;
  candidateId: string;
  settings: ProjectSettings;
}): Promise<void> {
  const candidate = await db.candidate.findUnique({
    where: { id: candidateId },
    select: { currentRevisionId: true, verificationStatus: true, source: true },
  });
  if (!candidate?.currentRevisionId) throw new ItemFailure("the candidate was deleted or has no revision");
  if (candidate.source !== "DS3") return; // a seed item has no tests (the stage does not pick them; an older queued job might)
  const verified = await db.verificationRun.count({
    where: { revisionId: candidate.currentRevisionId, status: { notIn: ["PENDING", "RUNNING"] } },
  });
  if (verified) return; // a retried job, or verified meanwhile
  await verifyRevision({ db, services, revisionId: candidate.currentRevisionId, settings });
}
